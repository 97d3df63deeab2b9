"""Calculator benchmark in headless Chromium, against two baselines measured in the same run.

    python -m bench.calc_browser [--runs 3]

Pages (the site is built afresh and served on 127.0.0.1):
  ours   a support agent's deep link to the deadline calculator of the funds-exhausted article
  plain  a plain-JavaScript page computing the same dates (no Pyodide)
  naive  Pyodide loaded naively on the main thread, then the same calculation

Measured from navigation start, cold (new browser context) and warm (reload, HTTP cache):
  (a) answer visible: first contentful paint with the answer in the page
  (b) interactive:    the calculator answers the link's own request (ours: worker, naive: main thread)
and, for ours: recalculation latency after an edit, the longest main-thread task (Long Tasks
API: any task over 50 ms), and bytes transferred by a calculator page and by an article
without one (and how many of those bytes are Pyodide's). Targets: (a) <= 1.5x plain,
(b) <= 0.6x naive, recalculation < 50 ms, no main-thread task over 50 ms, zero Pyodide bytes
on a page without a calculator. Results also go to bench/out/calc_browser.json.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import ROOT, save
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
QUERY = "?service=cloud-pro&billing=hourly&event=2026-11-01"

# Installed before any page script: records long tasks and when the calculator went live.
PROBE = """
window.__long = [];
try { new PerformanceObserver(l => { for (const e of l.getEntries()) window.__long.push(e.duration); })
        .observe({ type: "longtask", buffered: true }); } catch (e) {}
new PerformanceObserver(l => { for (const e of l.getEntries())
  if (e.name === "kb-calc-bound" && !window.__boundAt) window.__boundAt = e.startTime; }).observe({ type: "mark", buffered: true });
new MutationObserver(() => {
  const r = document.querySelector("#calc-timeline .kb-calc__result");
  if (r && r.dataset.state === "live" && !window.__liveAt) window.__liveAt = performance.now();
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
"""

# The baselines are the same article page, built by the same build; only the calculator's
# mechanism differs: calc.js is removed and an inline script computes the answer instead.
PLAIN_SCRIPT = """<script>
const fmt = new Intl.DateTimeFormat("ru", { dateStyle: "long" });
const event = new Date(2026, 10, 1);
const day = (n) => fmt.format(new Date(event.getFullYear(), event.getMonth(), event.getDate() + n));
const box = document.querySelector("#calc-timeline .kb-calc__result");
const table = document.createElement("table");
for (const [state, n] of [["выключен", 0], ["в архиве", 7], ["удалён", 17]]) {
  const tr = table.insertRow(); tr.insertCell().textContent = state;
  tr.insertCell().textContent = day(n); tr.insertCell().textContent = day(n - 1); }
box.replaceChildren(table);
window.__liveAt = window.__boundAt = performance.now();
</script>"""

NAIVE_SCRIPT = """<script type="module">
import { loadPyodide } from "ROOT/pyodide/VERSION/pyodide.mjs";
const py = await loadPyodide({ indexURL: new URL("ROOT/pyodide/VERSION/", location.href).href });
const wheel = await (await fetch("ROOT/calc/WHEEL")).arrayBuffer();
const data = await (await fetch("ROOT/calc/kbdata.json")).text();
py.unpackArchive(wheel, "wheel");
const browser = py.pyimport("calculators.browser");
browser.init(data);
const answer = JSON.parse(browser.answer(JSON.stringify({ calc: "timeline", service: "cloud-pro",
  billing: "hourly", event: "2026-11-01" }), "ru"));
document.querySelector("#calc-timeline .kb-calc__result").textContent = answer.view.text;
window.__liveAt = window.__boundAt = performance.now();
</script>"""


def baseline(site: Path, name: str, script: str) -> None:
    """A copy of the article at the same depth, with `script` in place of calc.js."""
    source = site / "ru" / "articles" / "funds-exhausted" / "index.html"
    html = source.read_text(encoding="utf-8")
    calc_js = re.search(r'<script[^>]*src="[^"]*assets/kb/calc\.js"[^>]*></script>', html)
    assert calc_js, "calc.js not found in the article"
    html = html.replace(calc_js.group(0), "")
    html = re.sub(r'(<div class="kb-calc__result"[^>]*>).*?(</div><div class="kb-calc__actions")', r"\1\2", html,
                  count=1, flags=re.S)
    html = html.replace("</body>", script + "</body>")
    target = site / "ru" / "articles" / name
    target.mkdir()
    (target / "index.html").write_text(html, encoding="utf-8")


def build_site(out: Path, site_url: str) -> None:
    env = dict(os.environ, KB_SITE_URL=site_url, PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-m", "macros.build", "--site-dir", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr)


def timings(page) -> dict:
    return page.evaluate("""() => ({
        fcp: (performance.getEntriesByName("first-contentful-paint")[0] || {}).startTime || null,
        live: window.__liveAt || null,
        bound: window.__boundAt || null,
        longest: Math.max(0, ...(window.__long || [])),
        long_count: (window.__long || []).length })""")


def visit(context, url: str, wait_live: bool = True) -> dict:
    page = context.new_page()
    finished = []

    def record(request) -> None:
        finished.append(request)
    context.on("requestfinished", record)  # the worker's fetches too
    page.goto(url)
    if wait_live:
        page.wait_for_function("window.__liveAt", timeout=120000)
    page.wait_for_timeout(300)
    result = timings(page)
    context.remove_listener("requestfinished", record)
    sizes = [(r.url, r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]) for r in finished]
    result["bytes"] = sum(size for _, size in sizes)
    result["pyodide_bytes"] = sum(size for u, size in sizes if "/pyodide/" in u)
    result["page"] = page
    return result


def recalc_latency(page, samples: int = 15) -> list[float]:
    out = []
    for i in range(samples):
        day = f"2026-11-{(i % 27) + 2:02d}"
        ms = page.evaluate("""(day) => new Promise((resolve) => {
            const result = document.querySelector("#calc-timeline .kb-calc__result");
            const input = document.querySelector("#calc-timeline-event");
            const start = performance.now();
            const seen = new MutationObserver(() => {
              if (result.dataset.state === "live" && result.innerText.includes(day.slice(8).replace(/^0/, "") + " ")) {
                seen.disconnect(); resolve(performance.now() - start); } });
            seen.observe(result, { childList: true, subtree: true, attributes: true });
            input.value = day; input.dispatchEvent(new Event("input", { bubbles: true }));
        })""", day)
        out.append(ms)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.calc_browser", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from macros.runtime import WHEEL, pyodide_version
    from macros.serve import free_port, serve_static

    port = free_port()
    with tempfile.TemporaryDirectory(prefix="kb-calc-bench-") as tmp:
        site = Path(tmp) / "site"
        build_site(site, f"http://127.0.0.1:{port}/")
        baseline(site, "bench-plain", PLAIN_SCRIPT)
        baseline(site, "bench-naive", NAIVE_SCRIPT.replace("ROOT", "../../..").replace("VERSION", pyodide_version())
                 .replace("WHEEL", WHEEL))
        httpd = serve_static(site, port)
        base = f"http://127.0.0.1:{port}/"
        urls = {name: base + f"ru/articles/{page}/" + QUERY + "#calc-timeline"
                for name, page in (("ours", "funds-exhausted"), ("plain", "bench-plain"), ("naive", "bench-naive"))}
        results: dict = {k: {"cold": [], "warm": []} for k in urls}
        extra: dict = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            for _ in range(args.runs):
                for name, url in urls.items():  # alternate the pages: noise hits all of them alike
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    context.add_init_script(PROBE)
                    cold = visit(context, url)
                    warm = visit(context, url)
                    for label, r in (("cold", cold), ("warm", warm)):
                        results[name][label].append({k: v for k, v in r.items() if k != "page"})
                    if name == "ours" and "recalc" not in extra:
                        extra["recalc"] = recalc_latency(warm["page"])
                        extra["longest_after_recalc"] = timings(warm["page"])["longest"]
                    context.close()
            context = browser.new_context()
            context.add_init_script(PROBE)
            without = visit(context, base + "ru/prices/", wait_live=False)
            extra["article_without_calculator"] = {"bytes": without["bytes"], "pyodide_bytes": without["pyodide_bytes"],
                                                   "longest_task_ms": without["longest"]}
            context.close()
            browser.close()
        httpd.shutdown()

    med = lambda xs: round(statistics.median(xs), 1)  # noqa: E731
    report = {}
    for cache in ("cold", "warm"):
        row = {}
        for name in urls:
            runs = results[name][cache]
            visible = [max(r["fcp"] or 0, r["live"] if name == "plain" else 0) for r in runs]
            row[name] = {"visible_ms": med(visible), "interactive_ms": med([r["live"] for r in runs]),
                         "takes_input_ms": med([max(r["bound"], r["fcp"] or 0) for r in runs]),
                         "longest_task_ms": max(r["longest"] for r in runs), "bytes": runs[0]["bytes"],
                         "pyodide_bytes": runs[0]["pyodide_bytes"]}
        row["ratio_visible_vs_plain"] = round(row["ours"]["visible_ms"] / row["plain"]["visible_ms"], 2)
        row["ratio_interactive_vs_naive"] = round(row["ours"]["interactive_ms"] / row["naive"]["interactive_ms"], 2)
        row["ratio_takes_input_vs_naive"] = round(row["ours"]["takes_input_ms"] / row["naive"]["takes_input_ms"], 2)
        report[cache] = row
    report["recalc_ms"] = {"median": med(extra["recalc"]), "max": round(max(extra["recalc"]), 1)}
    report["longest_main_thread_task_ms"] = max(report["cold"]["ours"]["longest_task_ms"],
                                                report["warm"]["ours"]["longest_task_ms"], extra["longest_after_recalc"])
    report["article_without_calculator"] = extra["article_without_calculator"]

    for cache in ("cold", "warm"):
        r = report[cache]
        print(f"{cache:>4}: answer visible  ours {r['ours']['visible_ms']:7.1f} ms  plain JS {r['plain']['visible_ms']:7.1f} ms"
              f"  ratio {r['ratio_visible_vs_plain']:.2f} (target <= 1.5)")
        print(f"      takes input     ours {r['ours']['takes_input_ms']:7.1f} ms  naive    {r['naive']['takes_input_ms']:7.1f} ms"
              f"  ratio {r['ratio_takes_input_vs_naive']:.2f} (target <= 0.6)")
        print(f"      link answered   ours {r['ours']['interactive_ms']:7.1f} ms  naive    {r['naive']['interactive_ms']:7.1f} ms"
              f"  ratio {r['ratio_interactive_vs_naive']:.2f}")
        print(f"      longest main-thread task: ours {r['ours']['longest_task_ms']:.0f} ms, "
              f"naive {r['naive']['longest_task_ms']:.0f} ms; bytes ours {r['ours']['bytes']:,} "
              f"(Pyodide {r['ours']['pyodide_bytes']:,})")
    print(f"recalculation after an edit: median {report['recalc_ms']['median']} ms, max {report['recalc_ms']['max']} ms"
          f" (target < 50)")
    print(f"longest main-thread task on the calculator page: {report['longest_main_thread_task_ms']:.0f} ms (target: none over 50)")
    a = report["article_without_calculator"]
    print(f"page without a calculator: {a['bytes']:,} bytes, Pyodide {a['pyodide_bytes']} bytes (target 0); "
          f"its longest main-thread task {a['longest_task_ms']:.0f} ms (the theme alone)")
    save("calc_browser", {"report": report, "runs": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
