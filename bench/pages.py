"""The pages the calculator benchmark compares, built from the same site build.

  ours   the article as built: the calculator's worker boots the trimmed runtime on intent
  plain  the same article with a plain-JavaScript calculator instead (no Pyodide)
  naive  the same article loading Pyodide naively on the main thread: its whole standard
         library and lock file from Pyodide's own folder, and the calculators' wheel (copied in
         for this baseline only, with precompressed siblings, as a host would serve them)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench import ROOT
from generator.hosting.compress import compress_file
from generator.runtime import CACHE, KEPT, PYODIDE, WHEEL, asset_version, pyodide_version

QUERY = "?service=cloud-pro&billing=hourly&event=2026-11-01"
EXPECTED = "18 ноября 2026"  # deleted from day 18: the answer is correct only if it says so

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
const wheel = await (await fetch("ROOT/CALC/WHEEL")).arrayBuffer();
const data = await (await fetch("ROOT/KBDATA")).text();
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
    compress_file(target / "index.html")


def add_baselines(site: Path) -> None:
    baseline(site, "bench-plain", PLAIN_SCRIPT)
    core = site / "pyodide" / pyodide_version()
    for name in ("python_stdlib.zip", "pyodide-lock.json"):  # what loadPyodide fetches by default
        shutil.copy2(PYODIDE / name, core / name)
        compress_file(core / name)
    calc = next(p for p in (site / "calc").iterdir() if p.is_dir()).name
    # The site ships the calculators compiled in its Python library; naively, they come as the wheel.
    shutil.copy2(CACHE / f"calc-{asset_version()}" / KEPT / WHEEL, site / "calc" / calc / WHEEL)
    kbdata = next((site / "calc").glob("kbdata.*.json")).name
    baseline(site, "bench-naive", NAIVE_SCRIPT.replace("ROOT", "../../..").replace("VERSION", pyodide_version())
             .replace("CALC", f"calc/{calc}").replace("WHEEL", WHEEL).replace("KBDATA", f"calc/{kbdata}"))


FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]


def build_site(out: Path, site_url: str) -> None:
    env = dict(os.environ, KB_SITE_URL=site_url, PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-m", "generator.site.build", "--site-dir", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr)


@contextmanager
def served_with_baselines(prefix: str) -> Iterator[tuple]:
    """The site built afresh with the baseline pages, served on 127.0.0.1 as a production host
    serves it (without the CSP: the baselines are inline scripts; ``httpd.served`` logs every
    body sent), and headless Chromium: yields (browser, httpd, the site's URL)."""
    from playwright.sync_api import sync_playwright

    from generator.site.static_server import free_port, serve_static

    port = free_port()
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        site = Path(tmp) / "site"
        build_site(site, f"http://127.0.0.1:{port}/")
        add_baselines(site)
        httpd = serve_static(site, port, count=True, csp=False)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
                yield browser, httpd, f"http://127.0.0.1:{port}/"
                browser.close()
        finally:
            httpd.shutdown()
