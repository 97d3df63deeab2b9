"""The built site in headless Chromium (Debian's), served on 127.0.0.1 only."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
SHOTS = Path(os.environ.get("KB_SCREENSHOTS", "")) if os.environ.get("KB_SCREENSHOTS") else None


@pytest.fixture(scope="module")
def server(built_site: Path):
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    # Served under a sub-path, as many deployments are: /kb/ru/..., /kb/pl/...
    root = built_site.parent / "webroot"
    root.mkdir(exist_ok=True)
    if not (root / "kb").exists():
        (root / "kb").symlink_to(built_site, target_is_directory=True)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/kb/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is missing under CI: scripts/ensure-chromium.sh should have installed it")
        pytest.skip("chromium is not installed (make test installs it when run as root)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh context (no cache, no storage) that records requests and console errors."""
    context = browser.new_context()
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    foreign = [u for u in page.requests if urlsplit(u).hostname not in ("127.0.0.1", None)
               and not u.startswith(("data:", "blob:"))]
    context.close()
    assert not foreign, foreign
    assert not page.errors, page.errors


def shot(page, name: str) -> None:
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


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
    page.wait_for_url("**/kb/pl/articles/funds-exhausted/#cloud-pro")
    row = page.locator("tr#cloud-pro")
    assert row.locator("th").inner_text().strip() == "Serwer Cloud PRO"


def test_switch_after_instant_navigation(page, server):
    page.goto(server + "pl/")
    page.locator(".md-content a[href*='services/domain/']").first.click()
    page.wait_for_url("**/kb/pl/services/domain/")
    page.locator(".md-header__option .md-select").first.hover()
    page.locator('a.md-select__link[hreflang="ru"]').click()
    page.wait_for_url("**/kb/ru/services/domain/")
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
