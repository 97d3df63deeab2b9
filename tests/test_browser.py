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


@pytest.mark.parametrize("path", ["ru/services/cloud-pro/", "pl/prices/", "ru/articles/paid-services/",
                                  "pl/articles/lms-renewal/", "ru/"])
def test_pages_render_without_errors(page, server, path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + path)
    assert page.locator("h1").count() == 1
    shot(page, path.strip("/").replace("/", "-") + "-phone")
