"""The built site in headless Chromium (Debian's), served on 127.0.0.1 only."""

from __future__ import annotations

import re

import pytest

from conftest import open_for_instant_navigation, shot

pytestmark = pytest.mark.browser

def test_root_sends_a_polish_reader_to_polish(browser, server):
    context = browser.new_context(locale="pl-PL")
    page = context.new_page()
    page.goto(server)
    page.wait_for_url("**/kb/pl/")
    assert page.locator("html").get_attribute("lang") == "pl"
    context.close()


def test_language_switch_lands_on_the_same_row_of_the_same_page(page, server):
    page.goto(server + "ru/articles/funds-exhausted/#cloud-pro")
    assert page.locator("h1").inner_text()
    page.locator(".md-header__option .md-select").first.hover()
    page.locator('a.md-select__link[hreflang="pl"]').click()
    page.wait_for_url(re.compile(r".*/kb/pl/articles/funds-exhausted/(#.*)?$"))
    row = page.locator("tr#cloud-pro")
    assert row.locator("th").inner_text().strip() == "Serwer Cloud PRO"
    row_box, view = row.bounding_box(), page.viewport_size
    assert 0 <= row_box["y"] < view["height"], "the reader lands on the same row"


def test_switch_after_instant_navigation(page, server):
    open_for_instant_navigation(page, server + "pl/")
    page.locator(".md-content a[href*='services/domain/']").first.click()
    # navigation.tracking may carry the anchor in view (#prices) into the new URL for a moment
    page.wait_for_url(re.compile(r".*/kb/pl/services/domain/(#.*)?$"))
    page.locator(".md-header__option .md-select").first.hover()
    page.locator('a.md-select__link[hreflang="ru"]').click()
    page.wait_for_url(re.compile(r".*/kb/ru/services/domain/(#.*)?$"))
    assert page.locator("h1").inner_text().replace("¶", "").strip() == "Доменное имя"


@pytest.mark.parametrize("lang", ["ru", "pl"])
@pytest.mark.parametrize("viewport", [(390, 844), (1280, 900)], ids=["phone", "desktop"])
def test_matrix_page_fits_the_screen(page, server, lang, viewport):
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.goto(server + f"{lang}/articles/funds-exhausted/")
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px; wide tables must scroll in their box"
    assert page.locator("#matrix-fpl-usage tr#cloud-pro").count() == 1
    shot(page, f"funds-exhausted-{lang}-{viewport[0]}")


# A heading's invisible ¶ link alone on a line left an empty line under the title on these pages.
LINE_OF_ITS_OWN = """() => [...document.querySelectorAll('.md-content .headerlink')].filter((a) => {
    if (!a.getClientRects().length) return false;  // not shown
    const r = document.createRange(); r.selectNodeContents(a.parentElement); r.setEndBefore(a);
    const lines = r.getClientRects(); return lines.length && a.getClientRects()[0].top >= lines[lines.length - 1].bottom - 2;
  }).map((a) => a.parentElement.textContent)"""


@pytest.mark.parametrize("path", ["ru/services/cloud-pro/", "pl/prices/", "ru/articles/paid-services/",
                                  "pl/articles/lms-renewal/", "ru/", "pl/articles/funds-exhausted/",
                                  "ru/services/public-ip/", "ru/articles/funds-exhausted/"])
def test_pages_render_without_errors(page, server, path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + path)
    assert page.locator("h1").count() == 1
    assert page.evaluate(LINE_OF_ITS_OWN) == [], "a heading ends in an empty line"
    shot(page, path.strip("/").replace("/", "-") + "-phone")


@pytest.mark.parametrize("lang", ["ru", "pl"])
def test_the_price_article_reads_on_a_phone(page, server, lang):
    """Review 3, §4: at 390 px the comparison tables are cards (each cell under its column's
    name), not tables scrolled sideways; the page opens with its price in short and its
    contents; the price calculator is next to the list it prices, the balance check next to the
    stages it checks; the support links to its sections and rows keep working."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + f"{lang}/articles/paid-services/")
    order = page.evaluate("""() => ['.admonition.abstract', '.kb-contents', '#general', '#execution',
        '#balance-calculator', '#price-formula', '#regulated', '#price-calculator', '#customer-materials']
        .map((s) => document.querySelector(s).getBoundingClientRect().top + scrollY)""")
    assert order == sorted(order), order
    sections = page.eval_on_selector_all(".md-content h2[id]", "hs => hs.filter((h) => !h.closest('.kb-frame'))"
                                         ".map((h) => '#' + h.id)")  # the article's, not the frame's
    assert page.eval_on_selector_all(".kb-contents a", "as => as.map((a) => a.hash)") == sections
    page.wait_for_function("() => document.querySelector('.kb-cards td[data-label]')")
    for box in page.query_selector_all(".kb-cards"):
        assert box.evaluate("b => b.scrollWidth <= b.clientWidth + 1"), "a card table scrolls sideways"
        heads = box.eval_on_selector_all("thead th", "ths => ths.map((t) => t.textContent.trim())")
        cells = box.eval_on_selector_all("tbody tr:first-child > *", "tds => tds.map((t) => t.dataset.label)")
        assert cells == heads and box.evaluate("b => getComputedStyle(b.querySelector('tbody tr')).display") in ("block", "flex")
    # The price lists are cards too (the adversarial pass: their price column was cut off by up
    # to 48 px), the work's name first.
    for anchor in ("#regulated", "#integrations", "#typical-content-work"):
        box = page.query_selector(f":is(h2, h3){anchor} ~ .kb-prices.kb-cards")  # its table, the first below
        assert box is not None, anchor
        assert box.evaluate("b => [...b.querySelectorAll('.kb-scroll, table')].every((t) => t.scrollWidth <= t.clientWidth + 1)"), anchor
        first = box.evaluate("b => { const r = b.querySelector('tbody tr'); const th = r.querySelector('th');"
                             " return th.getBoundingClientRect().top <= Math.min(...[...r.children].map((c) => c.getBoundingClientRect().top)); }")
        assert first, f"{anchor}: the work's name is not the card's first line"
    page.goto(server + f"{lang}/articles/paid-services/#basic-vs-extended")
    assert page.evaluate("document.querySelector('#basic-vs-extended').getBoundingClientRect().top") < 200
    page.set_viewport_size({"width": 1280, "height": 900})  # a desktop keeps the table
    assert page.evaluate("getComputedStyle(document.querySelector('.kb-cards tr')).display") == "table-row"
