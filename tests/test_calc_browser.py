"""Calculators in headless Chromium, as customers and support agents use them."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import shot

pytestmark = pytest.mark.browser
LIVE = '.kb-calc__result[data-state="live"]'
BOOT_MS = 90000


def words(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split())


def live_text(page, calc: str = "#calc-timeline") -> str:
    page.wait_for_selector(f"{calc} {LIVE}", timeout=BOOT_MS)
    return words(page.locator(f"{calc} .kb-calc__result").inner_text())


@pytest.mark.parametrize("lang, expected", [
    ("ru", ["выключен 1 ноября 2026 г. 31 октября 2026 г.", "в архиве 8 ноября 2026 г. 7 ноября 2026 г.",
            "удалён 18 ноября 2026 г. 17 ноября 2026 г."]),
    ("pl", ["off 1 listopada 2026 31 października 2026", "zarchiwizowany 8 listopada 2026 7 listopada 2026",
            "usunięty 18 listopada 2026 17 listopada 2026"]),
])
def test_support_agents_deep_link_opens_with_the_dates(page, server, lang, expected):
    page.goto(server + f"{lang}/articles/funds-exhausted/?service=cloud-pro&billing=hourly&event=2026-11-01#calc-timeline")
    text = live_text(page)
    for row in expected:
        assert row in text, text
    assert page.locator("#calc-timeline-event").input_value() == "2026-11-01"
    shot(page, f"calc-deeplink-{lang}")


def test_editing_a_field_updates_the_answer_and_the_url(page, server):
    page.goto(server + "ru/articles/funds-exhausted/?service=dns&event=2026-11-01")
    assert "удалено 18 ноября 2026 г." in live_text(page)
    page.fill("#calc-timeline-event", "2027-02-20")
    page.wait_for_function("location.search.includes('event=2027-02-20')")
    page.wait_for_function("document.querySelector('#calc-timeline .kb-calc__result').innerText.includes('9 марта 2027')")
    assert "service=dns" in page.url
    page.select_option("#calc-timeline-service", "domain")
    page.wait_for_function("location.search.includes('service=domain')")
    page.wait_for_function("document.querySelector('#calc-timeline .kb-calc__result').innerText.includes('Доменное имя')")
    text = words(page.locator("#calc-timeline .kb-calc__result").inner_text())
    assert "с 22 марта 2027 г. по 1 мая 2027 г." in text  # 30 to 70 days after 20 Feb 2027


@pytest.mark.parametrize("lang, first_line, phase", [
    ("ru", "Сервер Cloud PRO", "В архиве: с 8 декабря 2026 г. (последний день, чтобы пополнить счёт: 7 декабря 2026 г.)"),
    ("pl", "Serwer Cloud PRO", "Zarchiwizowany: od 8 grudnia 2026 (ostatni dzień na doładowanie konta: 7 grudnia 2026)"),
])
def test_copy_answer_is_a_ticket_ready_summary_ending_with_the_link(page, server, lang, first_line, phase):
    page.goto(server + f"{lang}/services/cloud-pro/?billing=monthly&licenses=1&event=2026-11-10")
    live_text(page)
    page.click("#calc-timeline [data-action=copy-answer]")
    page.wait_for_function("document.querySelector('#calc-timeline .kb-calc__status').textContent.length > 0")
    copied = page.evaluate("navigator.clipboard.readText()")
    lines = [words(line) for line in copied.splitlines()]
    assert lines[0] == first_line
    assert phase in lines
    assert lines[-1] == page.url.split("#")[0] + "#calc-timeline"
    page.click("#calc-timeline [data-action=copy-link]")
    page.wait_for_timeout(100)
    assert page.evaluate("navigator.clipboard.readText()") == lines[-1]


@pytest.mark.parametrize("lang, query, field, message", [
    ("ru", "service=cloud-pro&event=2026-02-30", "event", "«Дата события»: такой даты нет в календаре (2026-02-30)."),
    ("pl", "service=cloud-pro&event=2026-02-30", "event", "„Data zdarzenia”: takiej daty nie ma w kalendarzu (2026-02-30)."),
    ("ru", "service=no-such-service&event=2026-11-01", "service", "«Услуга»: такого значения нет (no-such-service)."),
    ("pl", "service=cloud-vps&event=2026-11-10&period-end=2026-11-01", "period-end",
     "„Koniec opłaconego okresu” nie może być wcześniej niż data zdarzenia (2026-11-10)."),
])
def test_bad_parameters_show_an_inline_message_in_the_page_language(page, server, lang, query, field, message):
    page.goto(server + f"{lang}/articles/funds-exhausted/?{query}")
    page.wait_for_selector(f"#calc-timeline-{field}-error:not([hidden])", timeout=BOOT_MS)
    assert words(page.locator(f"#calc-timeline-{field}-error").inner_text()) == message
    assert page.locator(f"#calc-timeline [name={field}]").get_attribute("aria-invalid") == "true"


def test_nothing_from_the_url_is_run_or_inserted_as_html(page, server):
    page.on("dialog", lambda d: pytest.fail(f"a dialog opened: {d.message}"))
    payload = "<img src=x onerror=alert(1)>"
    page.goto(server + "ru/articles/paid-services/?item=" + payload.replace(" ", "%20")
              + "&balance=%3Cscript%3Ealert(2)%3C/script%3E&stages=1")
    page.wait_for_selector("#calc-price-item-error:not([hidden])", timeout=BOOT_MS)
    page.wait_for_selector("#calc-balance-balance-error:not([hidden])", timeout=BOOT_MS)
    assert page.locator(".kb-calc img").count() == 0 and page.locator(".kb-calc script").count() == 0
    assert payload in page.locator("#calc-price-item-error").inner_text()


def test_price_and_balance_deep_links(page, server):
    page.goto(server + "pl/articles/paid-services/?item=prototype&balance=10&stages=4,4,8")
    assert "Koszt 25 000,00 RUB" in live_text(page, "#calc-price")  # 10 h x 1 x 2500
    assert "Prace zostaną wstrzymane przed etapem 3" in live_text(page, "#calc-balance")
    page.select_option("#calc-price-item", "")
    page.fill("#calc-price-hours", "10")
    page.select_option("#calc-price-role", "content")
    page.fill("#calc-price-rate", "1000")
    page.wait_for_function("document.querySelector('#calc-price .kb-calc__result').innerText"
                           ".replace(/\\s/g, ' ').includes('6 000,00')")  # 10 h x 0.6 x 1000
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"hours": ["10"], "role": ["content"], "rate": ["1000"], "balance": ["10"], "stages": ["4,4,8"]}
    assert "stages=4,4,8" in page.url  # readable in a ticket reply


def test_the_page_answers_the_reader_while_pyodide_boots(page, server):
    """Edits made before the worker is ready change the URL at once and are answered when it is."""
    page.goto(server + "ru/articles/funds-exhausted/")
    static = words(page.locator("#calc-timeline .kb-calc__result").inner_text())
    assert "Сервер Cloud PRO" in static  # the build-time answer, before any JavaScript ran
    page.fill("#calc-timeline-event", "2026-12-31")
    assert "event=2026-12-31" in page.url  # the main thread handled the edit right away
    text = live_text(page)
    assert "31 декабря 2026 г." in text and "в архиве 7 января 2027 г." in text  # archived 7 days later


def test_without_pyodide_the_static_answer_stays_and_a_message_says_why(browser, server):
    context = browser.new_context()
    context.route("**/pyodide.asm.wasm*", lambda route: route.abort())  # the worker's fetch too
    page = context.new_page()
    page.goto(server + "pl/articles/funds-exhausted/?service=dns&event=2026-11-01")
    page.wait_for_selector("#calc-timeline.kb-calc--unavailable", timeout=BOOT_MS)
    status = words(page.locator("#calc-timeline .kb-calc__status").inner_text())
    assert status.startswith("Obliczenia interaktywne są teraz niedostępne")
    assert "Serwer Cloud PRO" in page.locator("#calc-timeline .kb-calc__result").inner_text()
    context.close()


def test_instant_navigation_rebinds_and_the_worker_survives(page, server):
    page.goto(server + "ru/")
    page.wait_for_timeout(1500)
    assert not [u for u in page.requests if "/pyodide/" in u], "a page without a calculator loads no Pyodide"
    page.locator(".md-content a[href*='articles/funds-exhausted/']").first.click()
    page.wait_for_url(re.compile(r".*/ru/articles/funds-exhausted/(#.*)?$"))
    page.fill("#calc-timeline-event", "2026-11-01")
    assert "1 ноября 2026 г." in live_text(page)
    page.locator("#calc-timeline tbody").wait_for()
    page.locator(".md-content a[href*='services/dns/']").first.click()
    page.wait_for_url(re.compile(r".*/ru/services/dns/(#.*)?$"))
    page.fill("#calc-timeline-event", "2026-11-01")
    page.wait_for_function("document.querySelector('#calc-timeline .kb-calc__result').innerText.includes('Управление DNS')"
                           " && document.querySelector('#calc-timeline .kb-calc__result').dataset.state === 'live'",
                           timeout=BOOT_MS)
    assert sum(1 for u in page.requests if u.split("?")[0].endswith("pyodide.asm.wasm")) == 1
    assert sum(1 for u in page.requests if "calc-worker.mjs" in u) == 1


@pytest.mark.parametrize("lang", ["ru", "pl"])
def test_calculator_fits_a_phone(page, server, lang):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(server + f"{lang}/articles/paid-services/?item=custom-integration#calc-price")
    live_text(page, "#calc-price")
    assert page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") <= 1
    page.locator("#calc-price").scroll_into_view_if_needed()
    shot(page, f"calc-phone-{lang}")
