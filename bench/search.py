"""Search benchmark in headless Chromium: ours against the theme's own, in the same run.

    python -m bench.search

Both sites are built from the same sources and served on 127.0.0.1 as a production host
serves them (precompressed files; generator/hosting/rules.py). "stock" is what the engine alone
writes (Material's lunr worker and index: `generator.site.build.build_languages` without our search
stage); "ours" is the site `make build` writes. For each, per language:

  * recall at five over tests/search_queries.yaml, typed into the theme's search box;
  * the time from the last keystroke to the results (median, 95th percentile, worst);
  * the index: its size raw, brotli and gzip, and the bytes a page view fetches for search
    when the reader does not open it;
  * the time from opening search (a click in the box) to the first results.

Results also go to bench/out/search.json.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench import ROOT, save
from bench.pages import FLAGS, build_site

sys.path.insert(0, str(ROOT / "tests"))
from search_ui import ask, open_search, queries  # noqa: E402

LANGS = ("ru", "pl")


def build_stock(site: Path, stock: Path, site_url: str) -> None:
    """The theme's own search beside ours: each language built by the engine alone."""
    from generator.data.kb import load_site
    from generator.runtime import prepare
    from generator.site import engines
    from generator.site.build import build_languages

    stock.mkdir(parents=True, exist_ok=True)
    site = load_site()
    site = site.with_runtime(prepare(site.data))
    problem = build_languages(site, list(LANGS), site_url, engines.ENGINES["mkdocs"], stock)
    if problem:
        raise SystemExit(problem)
    shutil.copytree(site / "pyodide", stock / "pyodide")
    shutil.copytree(site / "calc", stock / "calc")
    from generator.hosting.compress import compress_tree

    for lang in LANGS:
        compress_tree(stock / lang)


def index_sizes(lang_dir: Path) -> dict:
    index = lang_dir / "search" / "search_index.json"
    return {kind: (index.with_name(index.name + ext) if ext else index).stat().st_size
            for kind, ext in (("raw", ""), ("br", ".br"), ("gzip", ".gz"))}


def page_view_search_bytes(browser, httpd, url: str) -> int:
    """Bytes of search (index, worker, engine) a page view fetches when search is not opened."""
    context = browser.new_context()
    page = context.new_page()
    start = len(httpd.served)
    page.goto(url)
    page.wait_for_timeout(2000)
    sent = httpd.served[start:]
    context.close()
    return sum(size for path, size in sent if "search" in path or "lunr" in path)


def open_to_results(browser, url: str, query: str) -> float:
    """From the click in the search box to the first results shown (a fresh visit)."""
    context = browser.new_context()
    page = context.new_page()
    ui = open_search(page, url)  # (the click is its last step)
    clicked = page.evaluate("performance.now()")
    page.fill(ui.box, query)
    page.press(ui.box, "End")
    page.locator(ui.item).first.wait_for(timeout=20000)
    shown = page.evaluate("performance.now()")
    context.close()
    return shown - clicked


def measure(browser, httpd, base: str) -> dict:
    report: dict = {}
    for engine, prefix in (("stock", "stock/"), ("ours", "")):
        for lang in LANGS:
            url = base + f"{prefix}{lang}/"
            context = browser.new_context()
            page = context.new_page()
            open_search(page, url)
            cases = queries()[lang]
            found, timed = 0, []
            for case in cases:
                got = ask(page, case["q"])
                found += case["page"] in got["pages"] and ("anchor" not in case or case["anchor"] in got["targets"])
                timed.append((got["latency_ms"], case["q"]))
            context.close()
            latencies = sorted(ms for ms, _ in timed)
            report.setdefault(engine, {})[lang] = {
                "queries": len(cases),
                "recall_at_5": round(found / len(cases), 3),
                "latency_ms": {"median": round(statistics.median(latencies), 1),
                               "p95": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
                               "max": round(latencies[-1], 1), "slowest": max(timed)[1],
                               "first_query": round(timed[0][0], 1)},
                "open_to_results_ms": round(open_to_results(browser, url, cases[0]["q"]), 1),
                "page_view_search_bytes": page_view_search_bytes(browser, httpd, url + "articles/funds-exhausted/"),
            }
    return report


def show(report: dict) -> None:
    print(f"{'':6}{'lang':5}{'recall@5':>9}{'median':>9}{'p95':>8}{'max':>8}{'open→results':>14}"
          f"{'index br':>10}{'raw':>9}{'page view':>11}")
    for engine, langs in report.items():
        if engine == "index":
            continue
        for lang, r in langs.items():
            size = report["index"][engine][lang]
            print(f"{engine:6}{lang:5}{r['recall_at_5']:>9.1%}{r['latency_ms']['median']:>7.1f}ms"
                  f"{r['latency_ms']['p95']:>6.1f}ms{r['latency_ms']['max']:>6.1f}ms{r['open_to_results_ms']:>12.0f}ms"
                  f"{size['br'] / 1000:>8.1f}KB{size['raw'] / 1000:>7.0f}KB{r['page_view_search_bytes'] / 1000:>9.1f}KB")
    print("latency: last keystroke to the last change of the results; page view: search bytes "
          "fetched by a page view where search is not opened")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.split("\n\n")[0])
    parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from generator.site.static_server import free_port, serve_static

    port = free_port()
    with tempfile.TemporaryDirectory(prefix="kb-search-bench-") as tmp:
        site = Path(tmp) / "site"
        build_site(site, f"http://127.0.0.1:{port}/")
        build_stock(site, site / "stock", f"http://127.0.0.1:{port}/stock/")
        httpd = serve_static(site, port, count=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            report = measure(browser, httpd, f"http://127.0.0.1:{port}/")
            browser.close()
        httpd.shutdown()
        report["index"] = {"ours": {lang: index_sizes(site / lang) for lang in LANGS},
                           "stock": {lang: index_sizes(site / "stock" / lang) for lang in LANGS}}
    show(report)
    save("search", report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
