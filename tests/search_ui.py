"""Search as a reader uses it: the theme's search box in a real browser, typed into.

Shared by the relevance test (tests/test_search.py) and the benchmark (bench/search.py)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml

LAST: dict[str, tuple[str, dict]] = {}  # per opened page: the last query and what it showed
QUERIES = Path(__file__).with_name("search_queries.yaml")
BOX = "[data-md-component=search-query]"
TOP = 5

# Counts changes to the result list, and when the last one happened (page clock, ms).
WATCH = """() => {
  const box = document.querySelector('.md-search-result');
  window.__kbResults = { changes: 0, last: 0, page: crypto.randomUUID() };
  new MutationObserver(() => { window.__kbResults.changes++; window.__kbResults.last = performance.now(); })
    .observe(box, { childList: true, subtree: true, characterData: true });
}"""


def queries() -> dict[str, list[dict]]:
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))


def open_search(page, url: str) -> None:
    """Opens a page and its search box (a click, as a reader's), ready for queries."""
    page.goto(url)
    page.evaluate(WATCH)
    box = page.locator(BOX)
    (box if box.is_visible() else page.locator("label[for=__search]").first).click()  # a phone: the icon


def ask(page, query: str, settle_ms: int = 150) -> dict:
    """Types a query as a reader does and waits until the results stop changing. Returns the
    pages of the first five results (relative to the language root), every link's target,
    and the time from the last keystroke to the last change of the results. The query just
    asked, asked again, is answered from the first time: the theme searches only when the
    text changed."""
    opened = page.evaluate("window.__kbResults.page")
    if LAST.get(opened, (None,))[0] != query:
        LAST[opened] = (query, results_of(page, query, settle_ms))
    return LAST[opened][1]


def results_of(page, query: str, settle_ms: int) -> dict:
    before, typed = page.evaluate("[window.__kbResults.changes, performance.now()]")
    page.fill(BOX, query)
    # and a last keystroke: Playwright types Cyrillic and Polish letters as inserted text,
    # without the key events the theme searches on (the site's page script answers input too)
    page.press(BOX, "End")
    try:
        page.wait_for_function(
            f"window.__kbResults.changes > {before} && performance.now() - window.__kbResults.last > {settle_ms}",
            timeout=10000)
    except Exception as exc:
        raise AssertionError(f"no results shown for {query!r}") from exc
    links = page.eval_on_selector_all(
        ".md-search-result__item", "items => items.map(i => [...i.querySelectorAll('a')].map(a => a.href))")
    last = page.evaluate("window.__kbResults.last")
    root = page.evaluate("new URL(JSON.parse(document.getElementById('__config').textContent).base + '/', location).pathname")
    return {"pages": [target_of(group[0], root, anchor=False) for group in links[:TOP]],
            "targets": [target_of(href, root) for group in links for href in group],
            "latency_ms": max(0.0, last - typed)}


def target_of(href: str, root: str, anchor: bool = True) -> str:
    """'services/domain/#prices' from http://host/kb/ru/services/domain/#prices, the
    language's root being /kb/ru/."""
    parts = urlsplit(href)
    path = parts.path[len(root):] if parts.path.startswith(root) else parts.path
    return path + (f"#{parts.fragment}" if anchor and parts.fragment else "")
