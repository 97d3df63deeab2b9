"""The site under a strict Content-Security-Policy (README: Deploy; generator/hosting/rules.py CSP).

Every page the build writes is free of inline script and inline style (so the policy needs no
'unsafe-inline'), whichever engine built it; and in Chromium, served with the policy as every
host is told to serve it, a reader's whole visit (every kind of page in both languages, the
root and its language choice, a short link, the 404 pages, the calculators computing, the
language switch keeping a row's anchor) raises no violation.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import serve_built
from generator.hosting.rules import CSP
from search_ui import ask, open_search

pytestmark = pytest.mark.site

BOOT_MS = 90000
LIVE = '.kb-calc__result[data-state="live"]'


class Inline(HTMLParser):
    """Collects what a policy without 'unsafe-inline' would block in one page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if "style" in attributes:
            self.found.append(f"<{tag} style=…>")
        self.found += [f"<{tag} {name}=…>" for name in attributes if name.startswith("on")]
        if tag == "style":
            self.found.append("<style>")
        # A data block (type="application/json": the theme's settings) is not run: allowed.
        self._script = tag == "script" and "src" not in attributes and \
            (attributes.get("type") or "text/javascript") in ("text/javascript", "module", "application/javascript")

    def handle_data(self, data: str) -> None:
        if self._script and data.strip():
            self.found.append(f"<script>{data.strip()[:60]}")

    def handle_endtag(self, tag: str) -> None:
        self._script = False


def test_no_page_has_inline_script_or_style(built_site: Path):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 60
    problems = {}
    for page in pages:
        parser = Inline()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.found:
            problems[page.relative_to(built_site).as_posix()] = parser.found[:3]
    assert not problems, problems
    assert re.search(r"script-src 'self' 'wasm-unsafe-eval';", CSP) and "unsafe-inline" not in CSP


@pytest.fixture(scope="module")
def server(built_site: Path):
    """The site as a host serves it, Content-Security-Policy included."""
    yield from serve_built(built_site, csp=True)


# Every violation the document sees, and the console's words for those it reports there.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture
def watched(browser, server):
    context = browser.new_context()
    context.add_init_script(WATCH)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    responses: list[str] = []
    page.on("response", lambda r: responses.append(r.headers.get("content-security-policy", "")) if
            r.request.resource_type == "document" else None)
    page.console, page.policies = console, responses
    yield page
    context.close()


def violations(page) -> list[str]:
    return page.evaluate("window.__violations") + page.console


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ru", "pl"])
def test_a_whole_visit_raises_no_violation(watched, server, lang):
    page = watched
    seen = []
    for path in ["", f"{lang}/", f"{lang}/articles/funds-exhausted/", f"{lang}/articles/lms-renewal/",
                 f"{lang}/services/", f"{lang}/services/dns/", f"{lang}/prices/", f"{lang}/id/",
                 f"{lang}/no-such-page/", "no-such-page/"]:
        page.goto(server + path)
        page.wait_for_load_state("load")
        seen += [f"{path}: {v}" for v in violations(page)]
        page.console.clear()
    # Search, opened and asked: the theme's search UI (Zensical's draws a styled dialog) and
    # our worker, under the policy.
    open_search(page, server + f"{lang}/")
    assert "services/cloud-vps/" in ask(page, "cloud vps")["pages"]
    seen += [f"search: {v}" for v in violations(page)]
    assert not seen, seen
    # The root chose a language by itself (its script is a file), and the 404 pages are styled.
    page.goto(server)
    page.wait_for_url(re.compile(r"/(ru|pl)/$"))
    page.goto(server + "no-such-page/")
    assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none"
    page.goto(server + f"{lang}/no-such-page/")
    assert page.locator(".md-header").count() == 1
    # A short link with a calculator's inputs: the runtime starts, Python computes, no violation.
    page.goto(server + f"{lang}/id/1173/?service=dns&event=2026-11-01#calc-timeline")
    page.wait_for_selector(f"#calc-timeline {LIVE}", timeout=BOOT_MS)
    page.goto(server + f"{lang}/articles/paid-services/?item=prototype#calc-price")
    page.wait_for_selector(f"#calc-price {LIVE}", timeout=BOOT_MS)
    # The language switch keeps a row's anchor.
    other = "pl" if lang == "ru" else "ru"
    page.goto(server + f"{lang}/articles/funds-exhausted/#dns")
    page.locator(f'a.md-select__link[hreflang="{other}"]').dispatch_event("click")
    page.wait_for_url(re.compile(rf"/{other}/articles/funds-exhausted/#dns$"))
    assert not violations(page), violations(page)
    assert set(page.policies) == {CSP}, "every document was served with the policy"
