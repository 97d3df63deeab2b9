"""Every state of every calculator round-trips through "copy link", in both languages.

For each calculator page the states are generated from the form itself: every service it
offers, every billing kind of each, the licences and the period end wherever they apply;
every price-list item and custom hours (ranges, roles, contract rates, decimal commas); a few
balances. Each state is entered, its answer awaited, and its link copied with the button. The
link is then opened in the target language (instant navigation, the same path a reader's
click takes), and the form, the key of the answer's inputs and the answer itself must be the
ones that were copied: the same text in the same language, the same result in the other one.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import open_for_instant_navigation
from generator.rendering.calcforms import input_key

pytestmark = pytest.mark.browser
BOOT_MS = 90000
EVENT = "2026-11-10"

# Entered by the test; timeline states are generated in the page from each service's fields.
PRICE_CUSTOM = [
    {"item": "", "hours": "20", "hours-max": "", "role": "developer", "rate": ""},
    {"item": "", "hours": "20", "hours-max": "25,5", "role": "content", "rate": ""},
    {"item": "", "hours": "3", "hours-max": "", "role": "developer", "rate": "1999.99"},
    {"item": "", "hours": "0,25", "hours-max": "", "role": "developer", "rate": "10,10"},
]
BALANCE = [{"balance": "10", "stages": "4,5; 8"}, {"balance": "100", "stages": "8; 8; 8"},
           {"balance": "0", "stages": "1"}]

TIMELINE_STATES = """(event) => {
  const el = document.querySelector('#calc-timeline');
  const states = [];
  for (const option of el.querySelector('[name=service]').options) {
    const applies = JSON.parse(option.dataset.fields);
    for (const billing of Object.keys(applies)) {
      const fields = applies[billing];
      for (const licenses of fields.includes('licenses') ? ['', '1'] : ['']) {
        for (const end of fields.includes('period-end') ? ['', '2026-12-20'] : ['']) {
          states.push({service: option.value, event, billing, 'period-end': end, licenses});
        }
      }
    }
  }
  return states;
}"""

APPLY = """([id, state]) => {
  const el = document.getElementById(id);
  const form = el.querySelector('form');
  for (const [name, value] of Object.entries(state)) {
    const input = form.elements.namedItem(name);
    if (input.type === 'checkbox') input.checked = value !== '';
    else input.value = value;
    input.dispatchEvent(new Event('change', {bubbles: true}));
  }
}"""

READ = """(id) => {
  const el = document.getElementById(id);
  const result = el.querySelector('.kb-calc__result');
  const values = {};
  for (const name of el.dataset.fields.split(' ')) {
    const input = el.querySelector('form').elements.namedItem(name);
    values[name] = input.disabled ? '' : input.type === 'checkbox' ? (input.checked ? '1' : '') : input.value;
  }
  return {values, key: result.dataset.key, text: result.dataset.text, result: result.dataset.result};
}"""


CLICK = """(href) => {
  const a = Object.assign(document.createElement('a'), {href, textContent: 'link'});
  document.querySelector('.md-content').append(a);
  a.click();
}"""


def wait_live(page, cid: str, key: str) -> None:
    try:
        _wait_live(page, cid, key)
    except PlaywrightTimeout:
        seen = page.evaluate("""(id) => { const r = document.querySelector(`#${id} .kb-calc__result`);
          return {url: location.href, state: r && r.dataset.state, key: r && r.dataset.key,
                  status: r && document.querySelector(`#${id} .kb-calc__status`).textContent}; }""", cid)
        raise AssertionError(f"no answer for {key}: {seen}") from None


def _wait_live(page, cid: str, key: str) -> None:
    page.wait_for_function(
        "([id, key]) => { const r = document.querySelector(`#${id} .kb-calc__result`);"
        " return r && document.getElementById(id).dataset.bound === 'ready'"  # the link's values are in
        " && ['live', 'static'].includes(r.dataset.state) && r.dataset.key === key; }",
        arg=[cid, key], timeout=BOOT_MS)  # static: the build's answer, when it is for these inputs


def states_of(page, calc: str) -> list[dict]:
    if calc == "timeline":
        return page.evaluate(TIMELINE_STATES, EVENT)
    if calc == "price":
        items = page.evaluate("[...document.querySelector('#calc-price [name=item]').options].map(o => o.value)")
        return [{"item": i, "hours": "", "hours-max": "", "role": "developer", "rate": ""} for i in items if i] + PRICE_CUSTOM
    return BALANCE


def copied_states(page, calc: str) -> list[dict]:
    cid = f"calc-{calc}"
    found = []
    for state in states_of(page, calc):
        page.evaluate(APPLY, [cid, state])
        shown = page.evaluate(READ, cid)
        key = input_key(calc, shown["values"])
        wait_live(page, cid, key)
        page.click(f"#{cid} [data-action=copy-link]")
        page.wait_for_function("document.activeElement && navigator.clipboard !== undefined")
        link = page.evaluate("navigator.clipboard.readText()")
        found.append({"link": link, **page.evaluate(READ, cid)})
        assert found[-1]["key"] == key and link.endswith(f"#{cid}")
    return found


@pytest.mark.parametrize("path, calcs, source, target", [
    ("articles/funds-exhausted/", ["timeline"], "ru", "ru"),
    ("articles/funds-exhausted/", ["timeline"], "ru", "pl"),
    ("articles/lms-renewal/", ["timeline"], "pl", "pl"),
    ("articles/lms-renewal/", ["timeline"], "pl", "ru"),
    ("services/cloud-pro/", ["timeline"], "pl", "ru"),
    ("articles/paid-services/", ["price", "balance"], "pl", "pl"),
    ("articles/paid-services/", ["price", "balance"], "ru", "pl"),
])
def test_every_state_reopens_from_its_link(browser, server, path, calcs, source, target):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.clock.set_fixed_time("2026-11-23T12:00:00")  # the reader's today, the same when the link is reopened
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + f"{source}/{path}")
    copied = {calc: copied_states(page, calc) for calc in calcs}
    assert sum(len(v) for v in copied.values()) >= 2
    if calcs == ["timeline"] and path.endswith("funds-exhausted/"):
        assert len(copied["timeline"]) > 40  # every service, billing kind, licences and period end

    page.close()  # one Pyodide at a time
    reader = context.new_page()
    reader.clock.set_fixed_time("2026-11-23T12:00:00")
    reader.on("pageerror", lambda e: errors.append(str(e)))
    workers = []
    reader.on("worker", lambda w: workers.append(w.url))
    reader.on("console", lambda m: m.type in ("warning", "error") and print("CONSOLE", m.type, m.text[:300], flush=True))
    open_for_instant_navigation(reader, server + f"{target}/{path}")
    reader.evaluate("window.__sameDocument = true")  # gone if any click loads a new document
    for calc, records in copied.items():
        cid = f"calc-{calc}"
        for record in records:
            link = record["link"].replace(f"/{source}/", f"/{target}/", 1)
            # Clicks on links in the page, as a reader's, so Material's instant navigation
            # loads them; by way of the home page, since it takes a link to the page it is
            # on as a jump to an anchor.
            reader.evaluate(CLICK, server + f"{target}/")
            reader.wait_for_function("(href) => location.href === href && !document.querySelector('.kb-calc')",
                                     arg=server + f"{target}/")  # the home page is in, not just its URL
            reader.evaluate(CLICK, link)
            reader.wait_for_function("(href) => location.href === href", arg=link)
            wait_live(reader, cid, record["key"])
            reopened = reader.evaluate(READ, cid)
            assert reopened["values"] == record["values"], record["link"]
            assert json.loads(reopened["result"]) == json.loads(record["result"]), record["link"]
            if source == target:
                assert reopened["text"] == record["text"]
    # Instant navigation all along: one document, one worker, one Pyodide.
    # (The fixed clock fakes `performance`: the checks use a marker and Playwright's events.)
    assert reader.evaluate("window.__sameDocument === true")
    assert len([w for w in workers if w.endswith("/worker.mjs")]) == 1, workers  # (and the theme's search worker)
    assert not errors, errors
    context.close()
