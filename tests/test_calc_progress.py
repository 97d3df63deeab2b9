"""The runtime's download as a reader on a slow link lives it: how far it is, and what a
failed download says (assets/kb/calc/progress.js, render.js), in headless Chromium."""

from __future__ import annotations

import re

import pytest

from conftest import shot

pytestmark = pytest.mark.browser
BOOT_MS = 120000
LINK = "articles/funds-exhausted/?service=cloud-pro&billing=hourly&event=2026-11-01#calc-timeline"
SLOW = {"offline": False, "latency": 40, "downloadThroughput": 6_000_000 / 8, "uploadThroughput": 6_000_000 / 8}
# What the line says, in megabytes served (calc.ui.loading, calc.ui.megabytes), then calc.ui.starting.
LOADING = {"ru": re.compile(r"^Загружаем калькулятор: (\d+,\d)\xa0МБ из (\d+,\d)\xa0МБ$"),
           "pl": re.compile(r"^Pobieramy kalkulator: (\d+,\d)\xa0MB z (\d+,\d)\xa0MB$")}
STARTING = {"ru": "Запускаем калькулятор…", "pl": "Uruchamiamy kalkulator…"}
BAR_NAME = {"ru": "Загрузка калькулятора", "pl": "Pobieranie kalkulatora"}
RETRY = {"ru": "Попробовать снова", "pl": "Spróbuj ponownie"}
ANSWER = {"ru": "18 ноября 2026", "pl": "18 listopada 2026"}
PENDING = {"ru": "Считаем…", "pl": "Liczymy…"}

# Every change of the bar, its line and the polite status line while the page waits.
WATCH = """() => {
  window.__seen = [];
  const calc = document.querySelector("#calc-timeline");
  const note = () => {
    const bar = calc.querySelector(".kb-calc__progress");
    window.__seen.push({ value: bar ? bar.value : null, line: bar ? bar.previousElementSibling.textContent : null,
                         said: calc.querySelector(".kb-calc__said").textContent,
                         status: calc.querySelector(".kb-calc__status").textContent,
                         state: calc.querySelector(".kb-calc__result").dataset.state });
  };
  new MutationObserver(note).observe(calc, { subtree: true, childList: true, characterData: true, attributes: true });
}"""

# What the worker says it has counted (its PROGRESS messages), beside what the page shows.
COUNTED = """() => {
  window.__counted = [];
  const Made = window.Worker;
  window.Worker = function (url, options) {
    const worker = new Made(url, options);
    worker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "PROGRESS") window.__counted.push(event.data.loaded);
    });
    return worker;
  };
}"""


def slow_page(browser, lang: str, width: int = 390):
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW)
    return context, page


@pytest.mark.parametrize("lang", ["ru", "pl"])
def test_a_slow_download_says_how_far_it_is_then_answers(browser, server, lang):
    context, page = slow_page(browser, lang)
    page.add_init_script(f"document.addEventListener('DOMContentLoaded', {WATCH}); ({COUNTED})()")
    page.goto(server + f"{lang}/{LINK}")
    bar = page.locator("#calc-timeline .kb-calc__progress")
    bar.wait_for(timeout=BOOT_MS)
    assert bar.get_attribute("aria-label") == BAR_NAME[lang]
    page.wait_for_function("document.querySelector('#calc-timeline .kb-calc__progress').value >= 30", timeout=BOOT_MS)
    page.locator("#calc-timeline").scroll_into_view_if_needed()
    shot(page, f"calc-progress-{lang}")
    page.wait_for_selector('#calc-timeline .kb-calc__result[data-state="live"]', timeout=BOOT_MS)
    assert ANSWER[lang] in page.locator("#calc-timeline .kb-calc__result").inner_text().replace("\xa0", " ")
    seen = page.evaluate("window.__seen")
    counted = page.evaluate("window.__counted")
    expected = int(page.locator("#calc-timeline").get_attribute("data-counted"))
    context.close()

    assert counted == sorted(counted) and len(counted) >= 5, counted[:5]
    assert counted[-1] == expected, "the page's total is what the worker counts by the end, to the byte"

    loading = [s for s in seen if s["value"] is not None]
    values = [s["value"] for s in loading]
    assert values == sorted(values), "the bar never goes back"
    assert len({v for v in values if 0 < v < 100}) >= 5, f"the bar moves as bytes arrive: {sorted(set(values))}"
    lines = [s["line"] for s in loading if s["line"] != STARTING[lang]]
    assert lines and all(LOADING[lang].match(line) for line in lines), lines[:3]
    totals = {LOADING[lang].match(line).group(2) for line in lines}
    assert len(totals) == 1, "one total all along"
    done = [float(LOADING[lang].match(line).group(1).replace(",", ".")) for line in lines]
    assert done == sorted(done) and done[-1] > done[0]
    assert STARTING[lang] in [s["line"] for s in loading], "once the bytes are in, it says Python is starting"
    # Polite: the unseen status line (role=status) says how far at each quarter, not at every
    # chunk; the visible one keeps saying it is computing (one number on show, the bar's).
    said = [s["said"] for s in seen if s["said"] and s["state"] == "pending"]
    distinct = list(dict.fromkeys(said))
    assert 3 <= len(distinct) <= 7, distinct
    assert distinct[-1] == STARTING[lang]
    assert {s["status"] for s in loading} == {PENDING[lang]}


@pytest.mark.parametrize("lang", ["ru", "pl"])
def test_a_failed_download_says_so_and_a_button_tries_again(browser, server, lang):
    context = browser.new_context()
    context.route("**/pyodide.asm.wasm*", lambda route: route.abort("internetdisconnected"))
    page = context.new_page()
    thrown = []  # the page says the failure; nothing is left thrown, uncaught, in the console
    page.on("pageerror", lambda error: thrown.append(str(error)))
    page.goto(server + f"{lang}/{LINK}")
    page.wait_for_selector("#calc-timeline.kb-calc--unavailable", timeout=BOOT_MS)
    result = page.locator("#calc-timeline .kb-calc__result")
    assert result.locator(".kb-calc__progress").count() == 0, "no bar left standing after a failure"
    again = result.get_by_role("button", name=RETRY[lang])
    again.click()  # still offline: it fails again, and says so again
    page.wait_for_selector("#calc-timeline.kb-calc--unavailable .kb-calc__result[data-state=failed] button",
                           timeout=BOOT_MS)
    context.unroute("**/pyodide.asm.wasm*")
    result.get_by_role("button", name=RETRY[lang]).click()
    page.wait_for_selector('#calc-timeline .kb-calc__result[data-state="live"]', timeout=BOOT_MS)
    assert ANSWER[lang] in result.inner_text().replace("\xa0", " ")
    assert result.get_by_role("button", name=RETRY[lang]).count() == 0
    context.close()
    assert not thrown, thrown
