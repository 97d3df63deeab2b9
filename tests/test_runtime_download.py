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
# Issue 21 asked for 3.3 MB and the site ships 3.6 (README, "The calculators' runtime": the
# WebAssembly alone is 2.74 MB, and Pyodide's own start-up imports 145 modules); this keeps
# what was won from coming back unseen.
BUDGET = 3_700_000


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
    assert served["python_stdlib.zip"] <= 600_000, "the standard library is compiled small (python -OO, no line tables)"
    # The Save-Data button and the progress bar give the runtime's total (kbdata, some 20 KB,
    # aside: a data edit must not change every calculator page); the bar counts the files
    # Pyodide fetches (not its two scripts) as they arrive, decoded.
    assert served["kbdata"] < 50_000
    assert int(re.search(r'data-bytes="(\d+)"', html).group(1)) == sum(served.values()) - served["kbdata"]
    counted = sum(path.stat().st_size for name, path in files.items()
                  if name not in ("pyodide.mjs", "pyodide.asm.mjs", "worker.mjs", "kbdata"))
    assert int(re.search(r'data-counted="(\d+)"', html).group(1)) == counted


def test_every_page_fetches_the_calculators_modules_with_their_script(built_site):
    """A module calc.js imports, found only once calc.js is in, is one more round trip before a
    deep link's runtime can start: <head> names each of them beside calc.js."""
    modules = sorted(p.name for p in (ROOT / "overrides" / "assets" / "kb" / "calc").glob("*.js"))
    for page in (ARTICLE, "pl/index.html", "pl/services/dns/index.html"):
        head = (built_site / page).read_text(encoding="utf-8").split("</head>")[0]
        preloaded = re.findall(r'<link rel="modulepreload" href="[^"]*assets/kb/calc/([a-z-]+\.js)">', head)
        assert sorted(preloaded) == modules, page
        assert head.index("assets/kb/calc.js") < head.index('rel="modulepreload"')
