"""What a deep link's first answer downloads, read from the built site: how much, what the
page says it is, and that nothing waits for what it could have fetched at once
(bench/waterfall.py measures the time; these hold the bytes and the order)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import ROOT

pytestmark = pytest.mark.site
ARTICLE = "ru/articles/funds-exhausted/index.html"
# Issue 21 asked for 3.3 MB and the site ships 3.55 (README, "The calculators' runtime": the
# WebAssembly alone is 2.74 MB, and Pyodide's own start-up imports some 125 modules the
# WebAssembly does not hold frozen); this keeps what was won from coming back unseen.
BUDGET = 3_600_000


def runtime_files(site: Path, html: str) -> dict[str, Path]:
    calc = re.search(r'data-runtime="(calc/[0-9a-f]{12}/)"', html).group(1)
    pyodide = re.search(r'data-pyodide="(pyodide/[^"]+/)"', html).group(1)
    kbdata = re.search(r'data-kbdata="(calc/kbdata\.[0-9a-f]{12}\.json)"', html).group(1)
    files = {name: site / pyodide / name for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")}
    files |= {path.name: path for path in (site / calc).iterdir() if path.suffix not in (".br", ".gz")}
    files["kbdata"] = site / kbdata
    return files


def test_the_first_answer_downloads_at_most_the_budget_and_the_page_says_how_much(built_site):
    html = (built_site / ARTICLE).read_text(encoding="utf-8")
    files = runtime_files(built_site, html)
    served = {name: path.with_name(path.name + ".br") for name, path in files.items()}
    served = {name: (br if br.exists() else files[name]).stat().st_size for name, br in served.items()}
    assert sum(served.values()) <= BUDGET, served
    assert served["python_stdlib.zip"] <= 540_000, \
        "the standard library is compiled small (python -OO, no line tables, nothing Python holds frozen)"
    # The Save-Data button and the progress bar give the runtime's total (kbdata, some 20 KB,
    # aside: a data edit must not change every calculator page). What the bar counts against
    # (data-counted) is held to what the worker counts, in Chromium (test_calc_progress.py).
    assert served["kbdata"] < 50_000
    assert int(re.search(r'data-bytes="(\d+)"', html).group(1)) == sum(served.values()) - served["kbdata"]


def test_every_page_fetches_the_calculators_modules_with_their_script(built_site):
    """A module calc.js imports, found only once calc.js is in, is one more round trip before a
    deep link's runtime can start: <head> names each of them beside calc.js."""
    kb = (ROOT / "overrides" / "assets" / "kb").resolve()
    imported, todo = set(), [kb / "calc.js"]
    while todo:  # what calc.js imports, and what those import, read from the sources
        script = todo.pop()
        for found in re.findall(r'^(?:import|export)\b[^;]*?\bfrom\s+"(\.[^"]+)"', script.read_text(encoding="utf-8"),
                                re.M | re.S):
            module = (script.parent / found).resolve()
            if module not in imported:
                imported.add(module)
                todo.append(module)
    modules = sorted(path.relative_to(kb / "calc").as_posix() for path in imported)
    assert len(modules) >= 7, modules
    for page in (ARTICLE, "pl/index.html", "pl/services/dns/index.html"):
        head = (built_site / page).read_text(encoding="utf-8").split("</head>")[0]
        preloaded = re.findall(r'<link rel="modulepreload" href="[^"]*assets/kb/calc/([a-z-]+\.js)">', head)
        assert sorted(preloaded) == modules, page
        assert head.index("assets/kb/calc.js") < head.index('rel="modulepreload"')
