"""The author's loop: from saving an edit to seeing it on the page open in the browser.

    python -m bench.edit_loop [--sizes 2000] [--repeat 5]

For the sample KB and for a generated catalog of N services (bench/build_time.py makes it),
`make serve` runs in a copy of the project with a Russian article open in headless Chromium,
and three kinds of edit are timed until the open page shows them: a sentence of the
article, a retention period (kbdata/retention/fpl.yaml) and a UI string (the matrices'
column heading). The baseline, in the same run: `mkdocs serve` of a plain Material site made
of the same pages (our rendered Markdown, none of our code), the same sentence edited. The
median of the repeats is kept. Targets: each of our edits no slower than the baseline's on
the sample, and at N services a sentence edit no slower than on the sample (what an edit does
not change is not rebuilt). Results also go to bench/out/edit_loop.json.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench import save
from bench.build_time import make_project, ours, plain_config
from generator.site.static_server import free_port

ARTICLE = Path("docs/ru/articles/funds-exhausted.md")
SENTENCE = "Когда на счёте заканчиваются средства"
SLACK = 1.10  # a shared machine's noise between two medians
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]


def start(command: list[str], cwd: Path, url: str, env: dict) -> subprocess.Popen:
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"{' '.join(command)} stopped before it served {url}")
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{url} was not served within 15 minutes")


def shown(page) -> str:
    try:
        return page.evaluate("window.__kbEdit ? '' : (document.body ? document.body.innerText : '')")
    except Exception:  # reloading
        return ""


def timed_edit(page, path: Path, old: str, new: str, done) -> float:
    """Seconds from the file's save to the reloaded page showing what ``done`` wants."""
    page.evaluate("window.__kbEdit = 1")  # gone once the page has reloaded
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    started = time.perf_counter()
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    while time.perf_counter() - started < 300:
        if done(shown(page)):
            return time.perf_counter() - started
        time.sleep(0.01)
    raise SystemExit(f"the edit of {path.name} never showed on the page")


def our_loop(project: Path, browser, repeat: int) -> dict[str, float]:
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(project), KB_TODAY="2026-11-23", NO_MKDOCS_2_WARNING="1", KB_ENGINE="mkdocs")
    base = f"http://127.0.0.1:{port}/"
    server = start([sys.executable, "-m", "generator.site.serve", "--port", str(port)], project, base + "ru/", env)
    page = browser.new_context().new_page()
    page.goto(base + "ru/articles/funds-exhausted/")
    times: dict[str, list[float]] = {"prose": [], "kbdata": [], "string": []}
    policy, strings = project / "kbdata" / "retention" / "fpl.yaml", project / "kbdata" / "strings" / "ru.yaml"
    try:
        for i in range(repeat):
            mark = f"ПРАВКА{i}"
            times["prose"].append(timed_edit(page, project / ARTICLE, SENTENCE, f"{SENTENCE} {mark}",
                                             lambda text, mark=mark: mark in text))
            before = shown(page)
            old, new = ("after: 7", "after: 6") if i % 2 == 0 else ("after: 6", "after: 7")
            times["kbdata"].append(timed_edit(page, policy, old, new, lambda text, before=before: text and text != before))
            times["string"].append(timed_edit(page, strings, "  service: Услуга", f"  service: Услуга {mark}",
                                              lambda text, mark=mark: f"Услуга {mark}" in text))
    finally:
        page.context.close()
        server.terminate()
        server.wait(timeout=30)
    return {kind: round(statistics.median(values), 3) for kind, values in times.items()}


def plain_loop(project: Path, browser, repeat: int) -> float:
    """`mkdocs serve` of the same rendered pages: an author's loop without any of our code."""
    stage = project / "bench-stage"
    ours(project, stage)
    config = plain_config(project, stage)
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("PYTHONPATH", None)
    base = f"http://127.0.0.1:{port}/"
    server = start([sys.executable, "-m", "mkdocs", "serve", "-q", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                   project, base, env)
    page = browser.new_context().new_page()
    page.goto(base + "ru/articles/funds-exhausted/")  # mkdocs serve mounts the site at its site_url path
    article = stage / "ru" / "docs" / "articles" / "funds-exhausted.md"
    times = []
    try:
        for i in range(repeat):
            mark = f"ПРАВКА{i}"
            times.append(timed_edit(page, article, SENTENCE, f"{SENTENCE} {mark}", lambda text, mark=mark: mark in text))
    finally:
        page.context.close()
        server.terminate()
        server.wait(timeout=30)
    return round(statistics.median(times), 3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.edit_loop", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000", help="generated catalog sizes (services)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory(prefix="kb-edit-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=FLAGS)
        for n in [0] + [int(s) for s in args.sizes.split(",") if s]:
            project = make_project(Path(tmp) / f"p{n}", n)
            row = {"services": n, **our_loop(project, browser, args.repeat), "plain": plain_loop(project, browser, args.repeat)}
            rows.append(row)
            label = "sample KB" if n == 0 else f"{n} services"
            print(f"{label:>15}: edit to visible  article {row['prose']:.2f}s  kbdata {row['kbdata']:.2f}s  "
                  f"UI string {row['string']:.2f}s  |  plain mkdocs serve, article {row['plain']:.2f}s", flush=True)
        browser.close()
    sample, *big = rows
    verdict = {"sample_no_slower_than_plain": all(sample[k] <= sample["plain"] * SLACK for k in ("prose", "kbdata", "string")),
               "big_prose_no_slower_than_sample": all(r["prose"] <= sample["prose"] * SLACK for r in big)}
    for name, ok in verdict.items():
        print(f"{name.replace('_', ' ')}: {'OK' if ok else 'NO'}")
    save("edit_loop", {"rows": rows, "verdict": verdict, "slack": SLACK})
    return 0


if __name__ == "__main__":
    sys.exit(main())
