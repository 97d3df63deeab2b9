"""Calculators in headless Chromium, as customers and support agents use them."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import open_for_instant_navigation, shot

pytestmark = pytest.mark.browser
LIVE = '.kb-calc__result[data-state="live"]'
BOOT_MS = 90000


def words(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split())


def live_text(page, calc: str = "#calc-timeline") -> str:
    page.wait_for_selector(f"{calc} {LIVE}", timeout=BOOT_MS)
    return words(page.locator(f"{calc} .kb-calc__result").inner_text())


@pytest.mark.parametrize("lang, expected", [
    ("ru", ["выключен с 1 ноября 2026 г. день 1", "в архиве с 8 ноября 2026 г. день 8",
            "удалён с 18 ноября 2026 г. день 18",
            "Последний день, чтобы пополнить счёт и не допустить удаления: 17 ноября 2026 г."]),
    # Polish sentences say "wyłączony" where the matrix keeps the source's "off" (review P13),
    # and dates in text end in "r."
    ("pl", ["wyłączony od 1 listopada 2026 r. dzień 1", "zarchiwizowany od 8 listopada 2026 r. dzień 8",
            "usunięty od 18 listopada 2026 r. dzień 18",
            "Ostatni dzień na doładowanie konta, aby uniknąć usunięcia: 17 listopada 2026 r."]),
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
    assert "удалено с 18 ноября 2026 г." in live_text(page)
    page.fill("#calc-timeline-event", "2027-02-20")
    page.wait_for_function("location.search.includes('event=2027-02-20')")
    page.wait_for_function("document.querySelector('#calc-timeline .kb-calc__result').innerText.includes('9 марта 2027')")
    assert "service=dns" in page.url
    page.select_option("#calc-timeline-service", "domain")
    page.wait_for_function("location.search.includes('service=domain')")
    page.wait_for_function("document.querySelector('#calc-timeline .kb-calc__result').innerText.includes('Доменное имя')")
    text = words(page.locator("#calc-timeline .kb-calc__result").inner_text())
    assert "между 22 марта 2027 г. и 1 мая 2027 г." in text  # 30 to 70 days after 20 Feb 2027


@pytest.mark.parametrize("lang, first_line, phase", [
    ("ru", "Сервер Cloud PRO", "В архиве: с 17 ноября 2026 г. (день 8)"),
    ("pl", "Serwer Cloud PRO", "Zarchiwizowany: od 17 listopada 2026 r. (dzień 8)"),
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
    ("ru", "service=cloud-pro&event=2026-02-30", "event", "«Когда закончились средства»: такой даты нет в календаре."),
    ("pl", "service=cloud-pro&event=2026-02-30", "event", "„Data wyczerpania środków”: takiej daty nie ma w kalendarzu."),
    ("ru", "service=no-such-service&event=2026-11-01", "service", "«Услуга»: такого варианта нет — выберите значение из списка."),
    ("pl", "service=cloud-vps&event=2026-11-10&period-end=2026-11-01", "period-end",
     "„Koniec opłaconego okresu”: ta data nie może być wcześniejsza niż data wyczerpania środków."),
    # A parameter that does not apply is reported, and its field shown so it can be cleared.
    ("ru", "service=cloud-pro&billing=hourly&event=2026-11-01&period-end=2026-11-20", "period-end",
     "Поле «Конец оплаченного периода» не используется для выбранной услуги или тарифа."),

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
    # Nothing from the URL is shown back: the field is named, the value is not.
    assert words(page.locator("#calc-price-item-error").inner_text()) == "«Работа»: такого варианта нет — выберите значение из списка."
    assert "script" not in page.locator("#calc-balance").inner_text()


def test_price_and_balance_deep_links(page, server):
    page.goto(server + "pl/articles/paid-services/?item=prototype&balance=10&stages=4;4;8")
    assert "Koszt 25 000 RUB" in live_text(page, "#calc-price")  # 10 h x 1 x 2500
    assert "Prace zostaną wstrzymane przed etapem 3" in live_text(page, "#calc-balance")
    page.select_option("#calc-price-item", "")
    page.fill("#calc-price-hours", "10")
    page.select_option("#calc-price-role", "content")
    page.fill("#calc-price-rate", "1000")
    page.wait_for_function("document.querySelector('#calc-price .kb-calc__result').innerText"
                           ".replace(/\\s/g, ' ').includes('6000 RUB')")  # 10 h x 0.6 x 1000 (Polish: 4 digits ungrouped)
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"hours": ["10"], "role": ["content"], "rate": ["1000"], "balance": ["10"], "stages": ["4;4;8"]}
    assert "stages=4;4;8" in page.url  # readable in a ticket reply


def test_the_page_answers_the_reader_while_pyodide_boots(page, server):
    """Edits made before the worker is ready change the URL at once and are answered when it is."""
    page.goto(server + "ru/articles/funds-exhausted/")
    static = words(page.locator("#calc-timeline .kb-calc__result").inner_text())
    assert "Сервер Cloud PRO" in static and "день 18" in static  # day numbers: true for any date
    page.fill("#calc-timeline-event", "2026-12-31")
    assert "event=2026-12-31" in page.url  # the main thread handled the edit right away
    text = live_text(page)
    assert "31 декабря 2026 г." in text and "в архиве с 7 января 2027 г." in text  # archived 7 days later


def test_without_pyodide_the_static_answer_stays_and_a_message_says_why(browser, server):
    context = browser.new_context()
    context.route("**/pyodide.asm.wasm*", lambda route: route.abort())  # the worker's fetch too
    page = context.new_page()
    page.goto(server + "pl/articles/funds-exhausted/?service=dns&event=2026-11-01")
    page.wait_for_selector("#calc-timeline.kb-calc--unavailable", timeout=BOOT_MS)
    # The build's answer is not for these inputs: it is not shown, and cannot be copied.
    result = words(page.locator("#calc-timeline .kb-calc__result").inner_text())
    assert result.startswith("Obliczenia interaktywne są teraz niedostępne")
    assert "Serwer Cloud PRO" not in result
    assert page.locator("#calc-timeline [data-action=copy-answer]").get_attribute("aria-disabled") == "true"
    # Without a link, the build's day-number timeline is true for its service: it stays.
    page.goto(server + "pl/services/cloud-pro/")
    page.focus("#calc-timeline-service")  # intent: the runtime is asked for, and fails
    page.wait_for_selector("#calc-timeline.kb-calc--unavailable", timeout=BOOT_MS)
    assert "dzień 18" in page.locator("#calc-timeline .kb-calc__result").inner_text()
    # The network is back: the next edit tries again.
    context.unroute("**/pyodide.asm.wasm*")
    page.fill("#calc-timeline-event", "2026-11-01")
    assert "18 listopada 2026" in live_text(page)
    context.close()


def test_instant_navigation_rebinds_and_the_worker_survives(page, server):
    open_for_instant_navigation(page, server + "ru/")
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
    assert sum(1 for u in page.requests if u.endswith("/worker.mjs")) == 1


@pytest.mark.parametrize("lang", ["ru", "pl"])
def test_calculator_fits_a_phone(page, server, lang):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(server + f"{lang}/articles/paid-services/?item=custom-integration#calc-price")
    live_text(page, "#calc-price")
    assert page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") <= 1
    page.locator("#calc-price").scroll_into_view_if_needed()
    shot(page, f"calc-phone-{lang}")


def held_while_loading(browser, url: str, calc: str):
    """A page opened from ``url`` whose runtime download is held (the routes are returned, to
    let it go on), once ``calc`` says it is computing: a slow connection, at will."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    held = []
    context.route("**/python_stdlib.zip", lambda route: held.append(route))
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(f"document.querySelector('{calc} .kb-calc__result').dataset.state === 'pending'")
    return context, page, held


def test_a_deep_link_on_a_slow_connection_never_shows_or_copies_another_answer(browser, server):
    """Issue example: while Python loads, the build's default answer must not sit under the
    link's inputs, and "copy answer" must not copy it."""
    context, page, release = held_while_loading(browser, server + "ru/articles/paid-services/?item=prototype"
                                                "&balance=10&stages=4;4;8#calc-price", "#calc-price")
    for calc in ("#calc-price", "#calc-balance"):
        result = words(page.locator(f"{calc} .kb-calc__pending").inner_text())
        assert result == "Готовим ответ по введённым данным…", result
        # Under it only how far the download is (tests/test_calc_progress.py), no answer.
        below = [words(p) for p in page.locator(f"{calc} .kb-calc__result > :not(.kb-calc__pending)").all_inner_texts()]
        assert all(re.fullmatch(r"(Загружаем калькулятор: \d+,\d МБ из \d+,\d МБ)?", line) for line in below), below
        assert page.locator(f"{calc} [data-action=copy-answer]").get_attribute("aria-disabled") == "true"
    page.evaluate("navigator.clipboard.writeText('the previous customer')")
    page.click("#calc-price [data-action=copy-answer]", force=True)  # an agent in a hurry: copied once it is in
    assert words(page.locator("#calc-price .kb-calc__status").inner_text()).startswith("Ответ ещё не готов")
    page.wait_for_timeout(300)
    assert release, "the runtime was asked for"
    for route in release:
        route.continue_()
    assert "Стоимость 25 000 ₽" in live_text(page, "#calc-price")
    assert page.locator("#calc-price [data-action=copy-answer]").get_attribute("aria-disabled") == "false"
    page.wait_for_function("document.querySelector('#calc-price .kb-calc__status').textContent === 'Скопировано'")
    copied = page.evaluate("navigator.clipboard.readText()")
    answer = page.locator("#calc-price .kb-calc__result").get_attribute("data-text")
    assert "25 000 ₽" in words(answer)
    text, link = copied.rsplit("\n", 1)
    assert text == answer
    assert parse_qs(urlsplit(link).query) == {"item": ["prototype"]}  # this calculator's inputs only
    assert link.endswith("#calc-price")
    context.close()


@pytest.mark.parametrize("source, target", [("ru", "ru"), ("ru", "pl"), ("pl", "ru")])
def test_custom_hours_round_trip_through_copy_link(browser, page, server, source, target):
    """Issue example: a custom-hours link used to reopen as the default item."""
    page.goto(server + f"{source}/articles/paid-services/")
    page.select_option("#calc-price-item", "")
    page.fill("#calc-price-hours", "20")
    page.fill("#calc-price-hours-max", "25,5")
    page.select_option("#calc-price-role", "content")
    page.wait_for_function("document.querySelector('#calc-price .kb-calc__result').innerText.includes('38')",
                           timeout=BOOT_MS)  # 25.5 h x 0.6 x 2500 = 38 250
    page.click("#calc-price [data-action=copy-link]")
    page.wait_for_timeout(100)
    link = page.evaluate("navigator.clipboard.readText()")
    assert "item=" not in link and "hours=20" in link and "hours-max=25,5" in link
    answer = page.locator("#calc-price .kb-calc__result").get_attribute("data-key")
    fresh = browser.new_context()
    other = fresh.new_page()
    other.goto(link.replace(f"/{source}/", f"/{target}/"))
    other.wait_for_selector(f"#calc-price {LIVE}", timeout=BOOT_MS)
    assert other.locator("#calc-price-item").input_value() == ""
    assert other.locator("#calc-price-hours-max").input_value() == "25,5"
    assert other.locator("#calc-price .kb-calc__result").get_attribute("data-key") == answer
    text = words(other.locator("#calc-price .kb-calc__result").inner_text())
    assert "30 000 " in text and "38 250 " in text
    fresh.close()


def test_short_links_keep_the_query_and_the_fragment(page, server):
    page.goto(server + "ru/id/1173/?service=domain&event=2026-11-01#calc-timeline")
    page.wait_for_url(re.compile(r".*/ru/articles/funds-exhausted/\?service=domain&event=2026-11-01#calc-timeline$"))
    assert "между 1 декабря 2026 г. и 10 января 2027 г." in live_text(page)


def test_row_anchors_survive_scrolling(page, server):
    page.goto(server + "pl/articles/funds-exhausted/#dns")
    page.wait_for_timeout(300)
    for step in (-600, -600, 300):  # up into the sections above the matrix, and a little back
        page.mouse.wheel(0, step)
        page.wait_for_timeout(400)
    assert page.evaluate("window.scrollY") > 0
    assert page.url.endswith("#dns"), page.url


def test_the_default_event_date_is_the_readers_today(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.clock.set_fixed_time("2031-03-05T10:00:00")
    page.goto(server + "ru/services/dns/")
    assert page.locator("#calc-timeline-event").input_value() == "2031-03-05"
    page.locator("#calc-timeline-event").click()  # intent: the dates for that today are computed
    assert "5 марта 2031 г." in live_text(page)
    context.close()


@pytest.mark.parametrize("lang, path, message", [
    ("ru", "services/cloud-pro/", "«Услуга»: калькулятор на этой странице считает сроки только для следующих услуг: Сервер Cloud PRO."),
    ("pl", "articles/lms-renewal/", "„Usługa”: kalkulator na tej stronie oblicza terminy tylko dla następujących usług: "
     "Chmurowa wersja LMS 3KL (SaaS), Serwerowa wersja LMS 3KL."),
])
def test_a_service_from_another_article_is_refused_not_computed(page, server, lang, path, message):
    page.goto(server + f"{lang}/{path}?service=domain&event=2026-11-01")
    page.wait_for_selector("#calc-timeline-service-error:not([hidden])", timeout=BOOT_MS)
    assert words(page.locator("#calc-timeline-service-error").inner_text()) == message


@pytest.mark.parametrize("lang, title, entry", [("ru", "Страница не найдена", "#1173"),
                                                ("pl", "Nie znaleziono strony", "#1171")])
def test_an_unknown_short_id_gets_a_page_that_helps(page, server, lang, title, entry):
    response = page.goto(server + f"{lang}/id/9999/?service=domain#calc-timeline")
    assert response.status == 404
    page.wait_for_load_state("load")
    expected = [e for e in page.errors if "status of 404" in e]
    assert len(expected) == 1  # the page itself; nothing it loads is missing
    page.errors.remove(expected[0])
    assert page.locator("h1").inner_text().replace("¶", "").strip() == title
    page.locator(f"a[href$='/{lang}/id/']").click()
    page.wait_for_url(re.compile(rf".*/kb/{lang}/id/$"))
    page.locator(f".md-content a:has-text('{entry}')").click()
    page.wait_for_url(re.compile(rf".*/kb/{lang}/articles/[a-z-]+/$"))


@pytest.mark.parametrize("query, field, then", [
    # Spaces around a value are not an error: trimmed, and the form shows what is computed.
    ("service=domain%20&event=%202026-11-01", None, None),
    # A value the form cannot show is reported by field, never used unseen...
    ("service=dns&billing=hourly&event=2026-11-01", "billing", None),
    ("service=cloud-pro&billing=hourly&event=2026-11-01&licenses=maybe", "licenses", None),
    # ...and dropped once the reader takes over: the answer is for what the form shows.
    ("service=public-ip&billing=monthly&event=2026-11-01", "billing", "cloud-pro"),
])
def test_a_link_value_is_shown_reported_or_dropped_never_used_unseen(page, server, query, field, then):
    page.goto(server + f"ru/articles/funds-exhausted/?{query}")
    if field is None:
        text = live_text(page)
        assert page.locator("#calc-timeline-service").input_value() == "domain"
        assert page.locator("#calc-timeline-event").input_value() == "2026-11-01"
        assert "Доменное имя" in text and "1 ноября 2026 г." in text
        return
    page.wait_for_selector(f"#calc-timeline-{field}-error:not([hidden])", timeout=BOOT_MS)
    if then:
        page.select_option("#calc-timeline-service", then)
        text = live_text(page)
        assert page.locator("#calc-timeline-billing").input_value() == ""
        assert "Тариф: почасовой" in text  # the form's "—": the service's first billing kind


def test_a_copied_link_carries_its_own_calculator_only(page, server):
    """Adversarial pass: a balance link carried the price calculator's half-filled custom
    hours, and the customer saw an error in the calculator above."""
    page.goto(server + "ru/articles/paid-services/")
    page.select_option("#calc-price-item", "")
    page.fill("#calc-balance-stages", "4,5; 8")
    live_text(page, "#calc-balance")
    page.click("#calc-balance [data-action=copy-link]")
    page.wait_for_timeout(100)
    link = page.evaluate("navigator.clipboard.readText()")
    assert parse_qs(urlsplit(link).query) == {"balance": ["20"], "stages": ["4,5; 8"]}
    assert "role=" in page.url  # the page's own URL still keeps both, for the language switch


def test_an_edit_after_copy_answer_cancels_the_copy_quietly(browser, server):
    context, page, held = held_while_loading(browser, server + "ru/services/dns/?event=2026-11-01", "#calc-timeline")
    page.click("#calc-timeline [data-action=copy-answer]", force=True)
    page.fill("#calc-timeline-event", "2026-11-02")
    page.wait_for_timeout(300)
    assert words(page.locator("#calc-timeline .kb-calc__status").inner_text()) == "Считаем…"
    for route in held:
        route.continue_()
    live_text(page)
    context.close()

