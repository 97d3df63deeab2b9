"""What axe-core cannot judge (tests/test_a11y.py runs it): calculators by keyboard alone, what
a screen reader is told and when, targets a finger can hit, tables on a 360 px phone, and the
contrast of the fields' borders and of the pending answer."""

from __future__ import annotations

import pytest
from test_a11y import BOOT_MS, DEVICES, LIVE, device  # noqa: F401 (the fixture)

from conftest import shot

pytestmark = [pytest.mark.site, pytest.mark.browser]

CALC_PAGES = ["articles/paid-services/", "services/cloud-pro/", "articles/funds-exhausted/"]
TABLE_PAGES = ["articles/funds-exhausted/", "articles/lms-renewal/", "articles/paid-services/", "prices/",
               "services/cloud-pro/", "services/domain/", "services/saas-3kl/"]

# WCAG's relative luminance and contrast ratio, of colours as the browser computes them
# (rgb()/rgba() over the page's background).
CONTRAST_JS = """([sel, prop]) => {
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const over = (fg, bg) => { const a = fg.length > 3 ? fg[3] : 1; return [0, 1, 2].map((i) => fg[i] * a + bg[i] * (1 - a)); };
  const lum = (c) => { const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                       return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const page = rgb(getComputedStyle(document.body).backgroundColor);
  return [...document.querySelectorAll(sel)].filter((el) => el.getClientRects().length).map((el) => {
    let bgEl = el, bg = null;
    while (bgEl && !bg) { const c = rgb(getComputedStyle(bgEl).backgroundColor); if (c.length === 3 || c[3] > 0) bg = c; bgEl = bgEl.parentElement; }
    const back = bg ? over(bg, page) : page, fore = over(rgb(getComputedStyle(el)[prop]), back);
    const [hi, lo] = [lum(fore), lum(back)].sort((a, b) => b - a);
    return [el.id || el.className, (hi + 0.05) / (lo + 0.05)];
  });
}"""


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_field_borders_and_pending_answer_contrast(page, server, scheme):
    page.goto(server + "ru/articles/paid-services/")
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
    borders = page.evaluate(CONTRAST_JS, [".kb-calc input:not([type=checkbox]), .kb-calc select", "borderTopColor"])
    assert borders and all(ratio >= 3 for _, ratio in borders), borders  # WCAG 1.4.11
    page.evaluate("""() => { const r = document.querySelector('#calc-balance .kb-calc__result');
                             r.replaceChildren(Object.assign(document.createElement('p'), {className: 'kb-calc__pending', textContent: 'x'})); }""")
    pending = page.evaluate(CONTRAST_JS, [".kb-calc__pending", "color"])
    assert pending and all(ratio >= 4.5 for _, ratio in pending), pending  # WCAG 1.4.3


@pytest.mark.parametrize("lang", ["ru", "pl"])
def test_hints_and_errors_are_the_fields_descriptions(page, server, lang):
    page.goto(server + f"{lang}/articles/paid-services/?hours=abc&balance=-1&stages=1")
    page.wait_for_selector("#calc-balance-balance-error:not([hidden])", timeout=BOOT_MS)
    fields = page.evaluate("""() => [...document.querySelectorAll('.kb-calc input, .kb-calc select')].map((c) => {
      const field = c.closest('.kb-field');
      const ids = (c.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
      return {id: c.id, ids, resolved: ids.every((id) => field.contains(document.getElementById(id))),
              hint: (field.querySelector('.kb-field__hint') || {}).id || null,
              error: (field.querySelector('.kb-field__error') || {}).id || null,
              invalid: c.getAttribute('aria-invalid'),
              said: ids.map((id) => document.getElementById(id).textContent).join(' ').trim()};
    })""")
    assert len(fields) == 7  # price: item, hours, hours-max, role, rate; balance: balance, stages
    for f in fields:
        assert f["resolved"], f
        assert f["error"] in f["ids"], f"{f['id']}: its error is not its description"
        assert f["hint"] is None or f["hint"] in f["ids"], f"{f['id']}: its hint is not its description"
    balance = next(f for f in fields if f["id"] == "calc-balance-balance")
    assert balance["invalid"] == "true" and len(balance["said"]) > 10, balance
    assert all(f["invalid"] is None for f in fields if f["id"] != "calc-balance-balance" and "price" not in f["id"])


def test_a_calculator_by_keyboard_alone(page, server):
    page.goto(server + "ru/articles/paid-services/")
    page.keyboard.press("Tab")  # the reader starts at the top of the page
    for _ in range(300):
        if page.evaluate("document.activeElement.id") == "calc-balance-balance":
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("Tab never reaches the balance field")
    page.keyboard.press("Control+A")
    page.keyboard.type("10")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "calc-balance-stages"
    page.keyboard.press("Control+A")
    page.keyboard.type("4; 4; 8")
    page.wait_for_selector(f"#calc-balance {LIVE}", timeout=BOOT_MS)
    page.wait_for_function("document.querySelector('#calc-balance .kb-calc__result').dataset.key.includes('4; 4; 8')")
    for _ in range(4):  # past "copy link" (and the answer's table, should it scroll)
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.action") == "copy-answer":
            break
    assert page.evaluate("document.activeElement.dataset.action") == "copy-answer"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"  # focus is visible
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('#calc-balance .kb-calc__status').textContent.length > 0")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "Работа приостановится перед этапом 3" in copied and "balance=10" in copied, copied


@pytest.mark.parametrize("lang", ["ru", "pl"])
def test_an_answer_is_said_once_in_one_sentence(page, server, lang):
    page.goto(server + f"{lang}/services/cloud-pro/?billing=monthly&licenses=1&event=2026-11-10")
    page.wait_for_selector(f"#calc-timeline {LIVE}", timeout=BOOT_MS)
    calc = page.locator("#calc-timeline")
    assert calc.locator(".kb-calc__result").get_attribute("aria-live") is None, "the whole table would be read"
    assert calc.locator("[aria-live], [role=status]").count() == 2  # the answer's sentence; copy and progress
    said = calc.locator(".kb-calc__said")
    assert said.get_attribute("role") == "status"
    text = said.text_content()
    table = calc.locator(".kb-calc__result table").inner_text()
    assert text and "\n" not in text and len(text) < 200 and table not in text, text
    assert text.startswith(calc.locator(".kb-calc__title").inner_text().strip())
    page.evaluate("""() => { window.saidChanges = 0;
      new MutationObserver(() => window.saidChanges++).observe(document.querySelector('#calc-timeline .kb-calc__said'),
                                                             {childList: true, characterData: true, subtree: true}); }""")
    page.focus("#calc-timeline-event")
    page.keyboard.press("Enter")  # the same inputs again: the same answer, nothing new to say
    page.dispatch_event("#calc-timeline-billing", "change")
    page.wait_for_timeout(500)
    assert page.evaluate("window.saidChanges") == 0
    page.fill("#calc-timeline-event", "2026-12-10")  # a new answer is said, once
    page.wait_for_function("t => { const s = document.querySelector('#calc-timeline .kb-calc__said').textContent;"
                           " return s && s !== t; }", arg=text, timeout=BOOT_MS)
    assert page.evaluate("window.saidChanges") <= 2  # cleared while computing, then the new answer


@pytest.mark.parametrize("device", ["phone"], indirect=True)
def test_touch_targets_are_44_px_on_a_phone(device, server):
    small = []
    for path in CALC_PAGES:
        device.goto(server + f"ru/{path}")
        for control in device.locator(".kb-calc button, .kb-calc input, .kb-calc select").all():
            box = control.bounding_box()
            if not box:
                continue  # a field the chosen service does not use
            if control.get_attribute("type") == "checkbox":  # its label is part of the target
                label = device.locator(f"label[for='{control.get_attribute('id')}']").bounding_box()
                box = {"width": label["x"] + label["width"] - box["x"],
                       "height": max(box["y"] + box["height"], label["y"] + label["height"]) - min(box["y"], label["y"])}
            if box["width"] < 44 or box["height"] < 44:
                small.append(f"{path} {control.get_attribute('id') or control.inner_text()}: "
                             f"{box['width']:.0f}x{box['height']:.0f}")
    assert not small, small


@pytest.mark.parametrize("lang", ["ru", "pl"])
@pytest.mark.parametrize("device", ["phone"], indirect=True)
def test_tables_on_a_360_px_phone_fit_or_say_they_scroll(device, server, lang):
    problems = []
    for path in TABLE_PAGES:
        device.goto(server + f"{lang}/{path}")
        device.wait_for_timeout(100)  # tables are looked at once laid out
        assert device.evaluate("document.scrollingElement.scrollWidth") <= 360, f"{path}: the page scrolls sideways"
        tables = device.evaluate("""() => [...document.querySelectorAll('.md-content table')].map((t, i) => {
          let box = t.parentElement;
          while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
          const fits = !box || box.scrollWidth <= box.clientWidth + 1;
          const last = [...t.rows[t.rows.length - 1].cells].pop();
          return {i, fits, right: Math.round(t.getBoundingClientRect().right),
                  focusable: box && box.tabIndex === 0, role: box && box.getAttribute('role'),
                  named: box && Boolean(box.getAttribute('aria-label') || (box.getAttribute('aria-labelledby')
                         && document.getElementById(box.getAttribute('aria-labelledby')))),
                  cue: box && box.dataset.kbMore, mask: box && getComputedStyle(box).maskImage,
                  lastColumn: last.textContent.trim()};
        })""")
        for t in tables:
            where = f"{lang}/{path} table {t['i']} (last column '{t['lastColumn']}')"
            if t["fits"]:
                if t["right"] > 360:
                    problems.append(f"{where}: off the screen")
                continue
            if not (t["focusable"] and t["role"] == "region" and t["named"]):
                problems.append(f"{where}: scrolls, but is not a named focusable region: {t}")
            if t["cue"] != "right" or t["mask"] in (None, "none"):
                problems.append(f"{where}: its hidden columns have no visible cue: {t}")
        # Scrolled to its end, each table shows its last column (the price) whole, and the cue goes.
        ends = device.evaluate("""() => [...document.querySelectorAll('[data-kb-more]')].map((box) => {
          box.scrollLeft = box.scrollWidth; box.dispatchEvent(new Event('scroll'));
          const rows = box.querySelector("table").rows, cell = [...rows[rows.length - 1].cells].pop().getBoundingClientRect();
          return [Math.round(cell.right - box.getBoundingClientRect().right), box.dataset.kbMore];
        })""")
        device.wait_for_timeout(50)
        problems += [f"{lang}/{path}: scrolled to the end, the last column is cut by {d}px" for d, _ in ends if d > 1]
        problems += [f"{lang}/{path}: scrolled to the end, still says more is to the right"
                     for cue in device.evaluate("[...document.querySelectorAll('[data-kb-more]')].map(b => b.dataset.kbMore)")
                     if cue not in ("left", "none")]
        if path == "prices/":
            shot(device, f"a11y-prices-{lang}-360")
    assert not problems, "\n".join(problems)
