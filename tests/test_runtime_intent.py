"""The calculators' runtime (Pyodide, the trimmed library, the wheel, kbdata) is fetched only
when a reader shows intent (DESIGN.md "Calculator pages"); a reader who asked to save data
is asked first, with the size."""

from __future__ import annotations

import re

import pytest
from test_calc_browser import BOOT_MS, live_text, words

from conftest import open_for_instant_navigation

pytestmark = pytest.mark.browser
RUNTIME = re.compile(r"/(?:pyodide/[\d.]+|calc/[0-9a-f]{12})/")
SAVE_DATA = """Object.defineProperty(navigator, "connection", {
  configurable: true, value: { saveData: true, effectiveType: "2g", addEventListener() {} } });"""


def runtime_requests(page) -> list[str]:
    return [u for u in page.requests if RUNTIME.search(u)]


def test_a_reader_who_only_reads_fetches_no_runtime(page, server):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(server + "ru/articles/funds-exhausted/")
    calc = page.locator("#calc-timeline")
    calc.scroll_into_view_if_needed()
    box = calc.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 40)  # the pointer rests on it, the wheel scrolls
    page.mouse.wheel(0, 300)
    page.mouse.wheel(0, -300)
    # A finger that lands on the calculator to scroll the page is not intent.
    calc.dispatch_event("pointerdown", {"pointerType": "touch", "bubbles": True})
    page.wait_for_timeout(2500)
    assert runtime_requests(page) == []
    # Still useful: the timeline in day numbers, true for any date.
    result = page.locator("#calc-timeline .kb-calc__result")
    assert result.get_attribute("data-state") == "static"
    assert "день 18" in words(result.inner_text())
    page.keyboard.press("Tab")  # a key, but the focus is not in the calculator
    page.wait_for_timeout(300)
    assert runtime_requests(page) == []
    page.focus("#calc-timeline-service")
    assert "Сервер Cloud PRO" in live_text(page)
    assert [u for u in runtime_requests(page) if u.endswith("pyodide.asm.wasm")]


@pytest.mark.parametrize("meta", [True, False])
def test_a_link_with_inputs_starts_the_runtime_from_head_before_any_form_is_bound(browser, server, meta):
    """The <head> start stands on its own: with the page's calculators made unbindable, a link
    with their inputs still starts the worker, and only because of the meta."""
    context = browser.new_context()

    def page_without_forms(route):
        html = route.fetch().text().replace('class="kb-calc"', 'class="kb-calc-off"')
        if not meta:
            html = html.replace('<meta name="kb-calc"', '<meta name="kb-calc-off"')
        route.fulfill(status=200, body=html, headers={"content-type": "text/html; charset=utf-8"})
    context.route("**/ru/articles/funds-exhausted/?*", page_without_forms)
    workers = []
    page = context.new_page()
    page.on("worker", lambda w: workers.append(w.url))
    page.goto(server + "ru/articles/funds-exhausted/?service=dns&event=2026-11-01")
    page.wait_for_timeout(1500)
    assert not page.locator(".kb-calc[data-bound]").count()
    assert bool([w for w in workers if w.endswith("/worker.mjs")]) == meta, workers
    context.close()


def test_calculator_inputs_on_a_page_without_a_calculator_fetch_nothing(page, server):
    page.goto(server + "ru/prices/?service=dns&event=2026-11-01&item=prototype")
    page.wait_for_timeout(1500)
    assert runtime_requests(page) == []


@pytest.mark.parametrize("how", ["keyboard", "mouse", "tap"])
def test_each_kind_of_intent_starts_the_runtime(browser, server, how):
    context = browser.new_context(has_touch=how == "tap")
    page = context.new_page()
    requests = []
    context.on("request", lambda r: requests.append(r.url))
    page.goto(server + "pl/articles/paid-services/")
    page.wait_for_timeout(500)
    assert not [u for u in requests if RUNTIME.search(u)]
    if how == "keyboard":
        page.focus("#calc-balance-balance")
        page.keyboard.press("End")
    elif how == "mouse":
        page.click("#calc-price label[for=calc-price-item]")
    else:
        page.tap("#calc-price .kb-calc__result")
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.endsWith('/worker.mjs'))",
                           timeout=BOOT_MS)
    page.fill("#calc-balance-stages", "4; 4")
    assert "Saldo wystarcza" in live_text(page, "#calc-balance")
    context.close()


@pytest.mark.parametrize("lang, asks, button, answer", [
    ("ru", "Включена экономия трафика: чтобы посчитать, калькулятор один раз загрузит около {size} МБ.", "Рассчитать",
     "18 ноября 2026 г."),
    ("pl", "Włączone jest oszczędzanie danych: do obliczeń kalkulator jednorazowo pobierze ok. {size} MB.", "Oblicz",
     "18 listopada 2026"),
])
def test_save_data_asks_before_downloading_and_says_how_much(browser, server, lang, asks, button, answer):
    context = browser.new_context()
    context.add_init_script(SAVE_DATA)
    page = context.new_page()
    requests = []
    context.on("request", lambda r: requests.append(r.url))
    # A support agent's link: the answer needs the runtime, so the reader is asked.
    page.goto(server + f"{lang}/articles/funds-exhausted/?service=dns&event=2026-11-01#calc-timeline")
    result = page.locator("#calc-timeline .kb-calc__result")
    page.wait_for_function("document.querySelector('#calc-timeline .kb-calc__result').dataset.state === 'consent'")
    # The size is what a first answer downloads, as served (tests/test_runtime_download.py).
    size = round(int(page.locator("#calc-timeline").get_attribute("data-bytes")) / 1e6, 1)
    assert words(result.locator("p").inner_text()) == asks.format(size=f"{size:g}".replace(".", ","))
    assert page.locator("#calc-timeline [data-action=copy-answer]").get_attribute("aria-disabled") == "true"
    page.focus("#calc-timeline-event")  # intent alone does not download under Save-Data
    page.fill("#calc-timeline-event", "2026-11-01")
    page.wait_for_timeout(800)
    assert not [u for u in requests if RUNTIME.search(u)]
    assert result.get_attribute("data-state") == "consent"
    result.get_by_role("button", name=button).click()
    assert answer in live_text(page)
    # Agreed once for the page: the next edit computes at once.
    page.fill("#calc-timeline-event", "2026-11-02")
    page.wait_for_function("document.querySelector('#calc-timeline .kb-calc__result').innerText.includes('19 ')",
                           timeout=BOOT_MS)
    context.close()


def test_a_site_served_elsewhere_than_built_for_says_so(browser, server, built_site):
    """Built for /kb/ (KB_SITE_URL), served at /elsewhere/ on the same host: instant navigation
    is off, and the console tells the deployer why; at its own address it says nothing."""
    elsewhere = built_site.parent / "webroot" / "elsewhere"  # beside /kb/ in what `server` serves
    if not elsewhere.exists():
        elsewhere.symlink_to(built_site, target_is_directory=True)
    for url, warned in ((server.replace("/kb/", "/elsewhere/"), True), (server, False)):
        context = browser.new_context()
        page = context.new_page()
        warnings = []
        page.on("console", lambda m: m.type == "warning" and warnings.append(m.text))
        page.goto(url + "ru/articles/funds-exhausted/")
        page.wait_for_timeout(300)
        assert any("KB_SITE_URL" in w for w in warnings) == warned, (url, warnings)
        context.close()


def test_inputs_for_a_calculator_not_on_the_page_fetch_nothing(page, server):
    page.goto(server + "ru/articles/paid-services/?service=domain&event=2026-11-01")
    page.wait_for_timeout(1500)
    assert runtime_requests(page) == []
    assert page.locator("#calc-price .kb-calc__result").get_attribute("data-state") == "static"


def test_save_data_copy_answer_asks_for_the_download_then_copies(browser, server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    context.add_init_script(SAVE_DATA)
    page = context.new_page()
    page.goto(server + "pl/articles/funds-exhausted/")
    page.click("#calc-timeline [data-action=copy-answer]", force=True)
    page.wait_for_function("document.querySelector('#calc-timeline .kb-calc__result').dataset.state === 'consent'")
    page.locator("#calc-timeline .kb-calc__result").get_by_role("button", name="Oblicz").click()
    page.wait_for_function("document.querySelector('#calc-timeline .kb-calc__status').textContent === 'Skopiowano'",
                           timeout=BOOT_MS)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Serwer Cloud PRO") and "#calc-timeline" in copied
    context.close()


def test_a_page_from_a_newer_deploy_gets_a_worker_with_the_newer_data(page, server, built_site, kbdata):
    """The worker of the deploy a reader started with is let go when instant navigation brings
    a page that names newer kbdata (the runtime's code unchanged, as after a KB edit): the
    answer comes from the newer kbdata."""
    from generator.runtime import data_name

    current = f"calc/{data_name(kbdata)}"
    newer = "calc/kbdata.feedfacecafe.json"

    def newer_kbdata(route):  # the next deploy's kbdata
        body = (built_site / current).read_text(encoding="utf-8")
        body = body.replace("Сервер Cloud PRO", "Сервер Cloud PRO (после обновления)")
        route.fulfill(status=200, body=body.encode(), headers={"content-type": "application/json"})

    def newer_page(route):  # the service page as the next deploy would serve it
        html = route.fetch().text().replace(f'data-kbdata="{current}"', f'data-kbdata="{newer}"')
        route.fulfill(status=200, body=html, headers={"content-type": "text/html; charset=utf-8"})
    page.context.route(f"**/{newer}", newer_kbdata)
    page.context.route("**/ru/services/cloud-pro/", newer_page)
    workers = []
    page.on("worker", lambda w: workers.append(w.url))
    open_for_instant_navigation(page, server + "ru/articles/funds-exhausted/")
    page.fill("#calc-timeline-event", "2026-11-01")
    assert "Сервер Cloud PRO" in live_text(page)
    page.locator(".md-content a[href*='services/cloud-pro/']").first.click()
    page.wait_for_url(re.compile(r".*/ru/services/cloud-pro/(#.*)?$"))
    page.fill("#calc-timeline-event", "2026-11-02")
    page.wait_for_function("document.querySelector('#calc-timeline .kb-calc__result').innerText.includes('после обновления')",
                           timeout=BOOT_MS)
    calculators = [w for w in workers if "/calc/" in w and w.endswith("/worker.mjs")]
    assert len(calculators) == 2, workers  # the old data's worker let go, a new one started


def test_a_page_whose_runtime_was_removed_by_a_deploy_says_to_reload(browser, server):
    context = browser.new_context()
    context.route(re.compile(r".*/calc/[0-9a-f]{12}/worker\.mjs$"), lambda route: route.fulfill(status=404, body="gone"))
    page = context.new_page()
    page.goto(server + "ru/services/dns/")
    page.fill("#calc-timeline-event", "2026-11-01")
    button = page.locator("#calc-timeline .kb-calc__result").get_by_role("button", name="Обновить страницу")
    button.wait_for(timeout=BOOT_MS)
    assert "Базу знаний обновили" in words(page.locator("#calc-timeline .kb-calc__result").inner_text())
    context.close()
