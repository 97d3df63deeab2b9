"""Search as a reader uses it: the theme's search box in a real browser, typed into.

Shared by the relevance test (tests/test_search.py) and the benchmark (bench/search.py).
Two themes draw the search UI: Material's (MkDocs, ProperDocs) and Zensical's, a dialog in a
shadow root (Playwright's selectors reach into it). The page says which."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

LAST: dict[str, tuple[str, dict]] = {}  # per opened page: the last query and what it showed
QUERIES = Path(__file__).with_name("search_queries.yaml")
TOP = 5


@dataclass(frozen=True)
class SearchUI:
    box: str        # where the reader types
    opener: str     # what a reader clicks to search (a phone: the icon, label[for=__search])
    results: str    # JavaScript: the node the results are drawn in (watched for changes)
    item: str       # one result as shown (Material: a page with its sections)
    link: str       # a result's link
    flat: bool      # results one by one (Zensical), not grouped by page (Material)


MATERIAL = SearchUI("[data-md-component=search-query]", "[data-md-component=search-query]",
                    "document.querySelector('.md-search-result')", ".md-search-result__item",
                    ".md-search-result__link", flat=False)
ZENSICAL = SearchUI("dialog input[role=combobox]", ".md-search__button",
                    "[...document.body.children].find((el) => el.shadowRoot).shadowRoot",
                    "ol[role=listbox] > li", "a[role=option]", flat=True)
def ui_of(page) -> SearchUI:
    """The search UI of the page open in `page` (Zensical's header has a search button)."""
    return ZENSICAL if page.locator(".md-search__button").count() else MATERIAL


# Counts changes to the result list, and when the last one happened (page clock, ms): the
# nodes drawn and, in Zensical, the answers of its search worker, which starts when search
# opens (after this runs): an answer that shows what is already shown changes no node there.
WATCH = """() => {
  const box = RESULTS;
  const seen = () => { window.__kbResults.changes++; window.__kbResults.last = performance.now(); };
  window.__kbResults = { changes: 0, answers: 0, last: 0, page: crypto.randomUUID() };
  new MutationObserver(seen).observe(box, { childList: true, subtree: true, characterData: true });
  const Theirs = window.Worker;
  window.Worker = function (...args) {
    const worker = new Theirs(...args);
    worker.addEventListener("message", (event) => {
      if (event.data && event.data.type === 3) { window.__kbResults.answers++; seen(); }
    });
    return worker;
  };
}"""


def watch(page) -> SearchUI:
    ui = ui_of(page)
    page.evaluate(WATCH.replace("RESULTS", ui.results))
    return ui


def queries() -> dict[str, list[dict]]:
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))


def open_search(page, url: str) -> SearchUI:
    """Opens a page and its search box (a click, as a reader's), ready for queries."""
    page.goto(url)
    ui = watch(page)
    opener = page.locator(ui.opener)
    (opener if opener.is_visible() else page.locator("label[for=__search]").first).click()  # a phone: the icon
    return ui


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
    ui = ui_of(page)
    before, answers, typed = page.evaluate("[window.__kbResults.changes, window.__kbResults.answers, performance.now()]")
    page.fill(ui.box, query)
    # and a last keystroke: Playwright types Cyrillic and Polish letters as inserted text,
    # without the key events Material searches on (the site's page script answers input too)
    page.press(ui.box, "End")
    # Zensical: its worker's answer, not just a change (the dialog drawing itself while the
    # index loads is one); Material's worker started before WATCH: the results it draws.
    answered = answers + 1 if ui.flat else 0
    try:
        # (a function, not an expression: a page under the Content-Security-Policy refuses eval)
        page.wait_for_function(
            "([before, answered, settle]) => window.__kbResults.changes > before && window.__kbResults.answers >= answered"
            " && performance.now() - window.__kbResults.last > settle",
            arg=[before, answered, settle_ms], timeout=10000)
    except Exception as exc:
        raise AssertionError(f"no results shown for {query!r}") from exc
    links = page.locator(ui.item).evaluate_all("items => items.map(i => [...i.querySelectorAll('a')].map(a => a.href))")
    last = page.evaluate("window.__kbResults.last")
    root = page.evaluate("new URL(JSON.parse(document.getElementById('__config').textContent).base + '/', location).pathname")
    return {"pages": first_pages([target_of(group[0], root, anchor=False) for group in links], ui),
            "targets": [target_of(href, root) for group in links for href in group],
            "latency_ms": max(0.0, last - typed)}


def first_pages(shown: list[str], ui: SearchUI) -> list[str]:
    """The pages a reader sees first: Material's first five groups; in Zensical's flat list,
    the first five pages among its first ten results (what it draws before the reader scrolls
    for more; a page's sections come two at a time, generator/search worker.js)."""
    if not ui.flat:
        return shown[:TOP]
    return list(dict.fromkeys(shown[:10]))[:TOP]


def target_of(href: str, root: str, anchor: bool = True) -> str:
    """'services/domain/#prices' from http://host/kb/ru/services/domain/#prices, the
    language's root being /kb/ru/."""
    parts = urlsplit(href)
    path = parts.path[len(root):] if parts.path.startswith(root) else parts.path
    return path + (f"#{parts.fragment}" if anchor and parts.fragment else "")
