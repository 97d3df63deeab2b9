"""Where a support agent's deep link spends its bytes and its time, request by request.

    python -m bench.waterfall [--runs 3]

The site is built afresh and served on 127.0.0.1 as a production host serves it (precompressed
files, a year's caching of the runtime). In headless Chromium, on two links set with the
DevTools protocol (they apply to the worker's requests too):
  12 Mbit/s   50 ms latency
  slow phone  1.6 Mbit/s, 150 ms latency, the CPU slowed 4x
each opens the deep link to the deadline calculator of the funds-exhausted article cold (a new
browser context) and warm (the next visit, HTTP cache full). Ours against the naive baseline
(bench/pages.py: Pyodide on the main thread with its whole standard library), same run.

Per visit: every request (start and end from navigation start, bytes sent by the server,
compressed as served), when the runtime started (the worker was made), when the first
answer showed, and on the slow phone what the calculator said meanwhile: each distinct
status and the longest stretch with nothing new on show. The cold waterfall of the median
run is printed; everything goes to bench/out/waterfall.json.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from urllib.parse import urlsplit

from bench import save
from bench.pages import EXPECTED, QUERY, served_with_baselines

LINKS = {
    "12 Mbit/s": ({"offline": False, "latency": 50, "downloadThroughput": 12_000_000 / 8,
                   "uploadThroughput": 12_000_000 / 8}, 1),
    "slow phone": ({"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8,
                    "uploadThroughput": 750_000 / 8}, 4),
}
TARGETS = {"12 Mbit/s": {"cold_ms": 3000, "cold_bytes": 3_300_000, "warm_ms": 1000}}

# Installed before any page script: when the answer went live, when the runtime started, and
# every change of what the calculator shows while it waits (its status and answer area).
PROBE = """
window.__says = [];
const seen = () => {
  const calc = document.querySelector("#calc-timeline");
  const result = calc.querySelector(".kb-calc__result");
  const status = calc.querySelector(".kb-calc__status");
  const text = `${status ? status.textContent : ""} | ${result ? result.textContent.trim().slice(0, 120) : ""}`;
  const last = window.__says[window.__says.length - 1];
  if (!last || last[1] !== text) window.__says.push([performance.now(), text]);
  if (result && result.dataset.state === "live" && !window.__liveAt) window.__liveAt = performance.now();
};
document.addEventListener("DOMContentLoaded", () => {  // watched from then on only: the probe must not slow the parse
  seen();
  new MutationObserver(seen).observe(document.querySelector("#calc-timeline"), { subtree: true, childList: true,
    characterData: true, attributes: true, attributeFilter: ["data-state", "value"] });
});
"""


def visit(context, link: str, httpd, url: str) -> dict:
    conditions, cpu = LINKS[link]
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", conditions)
    if cpu > 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    requests: list = []
    page.on("requestfinished", lambda request: requests.append(request))  # the worker's requests too
    start = len(httpd.served)
    page.goto(url)
    page.wait_for_function("() => window.__liveAt", timeout=300_000)
    text = page.locator("#calc-timeline .kb-calc__result").inner_text().replace("\xa0", " ")
    assert EXPECTED in text, f"not the correct answer: {text[:200]}"
    page.wait_for_timeout(200)
    origin = page.evaluate("performance.timeOrigin")
    marks = page.evaluate("""() => ({ live: window.__liveAt, says: window.__says,
        phases: Object.fromEntries(performance.getEntriesByType("mark").filter((m) => m.name.startsWith("kb-runtime-"))
                                   .map((m) => [m.name.slice(11), Math.round(m.startTime)])) })""")
    sent: dict[str, list[int]] = {}
    for path, size in httpd.served[start:]:
        sent.setdefault(path, []).append(size)
    rows = []
    for request in requests:
        timing = request.timing
        path = urlsplit(request.url).path
        rows.append({"path": path, "start_ms": round(timing["startTime"] - origin),
                     "end_ms": round(timing["startTime"] - origin + timing["responseEnd"]),
                     "bytes": sent[path].pop(0) if sent.get(path) else 0})
    page.close()
    says = marks["says"]
    gaps = [b[0] - a[0] for a, b in zip(says, says[1:])] + [marks["live"] - says[-1][0]] if says else [marks["live"]]
    return {"answer_ms": round(marks["live"]), "runtime_start_ms": marks["phases"].get("start"),
            "runtime_phases_ms": marks["phases"],
            "bytes": sum(size for _, size in httpd.served[start:]), "requests": len(httpd.served) - start,
            "waterfall": sorted(rows, key=lambda r: r["start_ms"]),
            "says": [[round(t), text] for t, text in says], "longest_silence_ms": round(max(gaps))}


def measure(browser, httpd, base: str, runs: int, links: list[str]) -> dict:
    pages = {"ours": base + "ru/articles/funds-exhausted/" + QUERY + "#calc-timeline",
             "naive": base + "ru/articles/bench-naive/" + QUERY + "#calc-timeline"}
    out: dict = {}
    for link in links:
        visits = {name: {"cold": [], "warm": []} for name in pages}
        for _ in range(runs):
            for name, url in pages.items():  # alternated: noise hits both alike
                context = browser.new_context(viewport={"width": 390, "height": 844})
                context.add_init_script(PROBE)
                visits[name]["cold"].append(visit(context, link, httpd, url))
                visits[name]["warm"].append(visit(context, link, httpd, url))
                context.close()
        out[link] = {name: {cache: summary(runs) for cache, runs in by_cache.items()} for name, by_cache in visits.items()}
    return out


def summary(runs: list[dict]) -> dict:
    median = sorted(runs, key=lambda r: r["answer_ms"])[len(runs) // 2]
    return {"answer_ms": round(statistics.median(r["answer_ms"] for r in runs)),
            "bytes": max(r["bytes"] for r in runs), "requests": max(r["requests"] for r in runs),
            "longest_silence_ms": max(r["longest_silence_ms"] for r in runs), "median_run": median}


def show(report: dict) -> None:
    for link, by_page in report.items():
        ours = by_page["ours"]["cold"]["median_run"]
        print(f"[{link}] cold deep link, ours (median run): runtime started at {ours['runtime_start_ms']} ms, "
              f"answer at {ours['answer_ms']} ms, {ours['bytes']:,} bytes in {ours['requests']} requests")
        print("  the worker's start, phase by phase (ms from navigation): "
              + ", ".join(f"{phase} {at}" for phase, at in ours["runtime_phases_ms"].items()))
        for row in ours["waterfall"]:
            print(f"  {row['start_ms']:>6} → {row['end_ms']:>6} ms {row['bytes']:>10,}  {row['path']}")
        if link == "slow phone":
            print("  what the calculator said meanwhile:")
            for at, text in ours["says"]:
                print(f"  {at:>6} ms  {text}")
        for cache in ("cold", "warm"):
            o, n = by_page["ours"][cache], by_page["naive"][cache]
            print(f"  {cache:>4}: ours {o['answer_ms']:>6} ms {o['bytes']:>10,} bytes {o['requests']:>3} requests"
                  f" | naive {n['answer_ms']:>6} ms {n['bytes']:>10,} bytes (ours/naive {o['answer_ms'] / n['answer_ms']:.2f}"
                  f"); longest stretch with nothing new on show: {o['longest_silence_ms']} ms")
    for link, target in TARGETS.items():
        if link not in report:
            continue
        cold, warm = report[link]["ours"]["cold"], report[link]["ours"]["warm"]
        print(f"targets on {link}: cold {cold['answer_ms']} ms (<= {target['cold_ms']}), {cold['bytes']:,} bytes "
              f"(<= {target['cold_bytes']:,}); warm {warm['answer_ms']} ms (<= {target['warm_ms']})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.waterfall", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--link", choices=list(LINKS), action="append", help="only this link (default: each)")
    args = parser.parse_args(argv)
    with served_with_baselines("kb-waterfall-") as (browser, httpd, base):
        report = measure(browser, httpd, base, args.runs, args.link or list(LINKS))
    show(report)
    save("waterfall", report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
