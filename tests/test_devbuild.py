"""`make serve` rebuilds what an edit changed and nothing else: a retention period rewrites the
pages that show it and kbdata's file, not the other articles nor the calculators' runtime; an
article's sentence rewrites that page in its language only. Where the engine cannot build part
of a site (Zensical), every page is written again, and only the answers are checked."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.site import engines

pytestmark = pytest.mark.site

# Runs in the project's copy (its ROOT, its .serve/): builds, then each edit, and says for every
# file of the served site its size and mtime after each step.
SCRIPT = """
import json, sys
from pathlib import Path
from generator import ROOT
from generator.site.devbuild import DevBuild

def files(out):
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}

dev = DevBuild("http://127.0.0.1:1/")
steps = []
for edit in [None, *json.loads(sys.argv[1])]:
    changed = None
    if edit:
        path = ROOT / edit["file"]
        text = path.read_text(encoding="utf-8")
        assert edit["old"] in text, edit
        path.write_text(text.replace(edit["old"], edit["new"], 1), encoding="utf-8")
        changed = {path}
    outcome = dev.build(changed)
    steps.append({"ok": outcome.ok, "report": outcome.report, "files": files(dev.out)})
print(json.dumps(steps))
"""

RETENTION = {"file": "kbdata/retention/fpl.yaml", "old": "    - state: archived\n      after: 7",
             "new": "    - state: archived\n      after: 5"}
SENTENCE = {"file": "docs/ru/articles/lms-renewal.md", "old": "", "new": ""}


def _sentence(project: Path) -> dict:
    """A paragraph of the Russian licence article, one word longer."""
    text = (project / SENTENCE["file"]).read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line[:1].isalpha() and len(line) > 40 and "{" not in line)
    return dict(SENTENCE, old=line, new=line + " Проверено.")


def test_an_edit_rebuilds_what_it_changed(project_copy: Path):
    sentence = _sentence(project_copy)
    done = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps([RETENTION, sentence])], cwd=project_copy,
                          env=dict(os.environ, PYTHONPATH=str(project_copy)), capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    first, data, prose = json.loads(done.stdout.splitlines()[-1])
    assert first["ok"] and data["ok"] and prose["ok"], (first["report"], data["report"], prose["report"])
    out = project_copy / ".serve" / "site"
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", (out / "ru" / "articles" / "funds-exhausted" / "index.html")
                                     .read_text(encoding="utf-8")))
    assert re.search(r"дни 1–5 6–\d+ ", page), "the matrix: off on days 1–5, archived from day 6"
    kbdata = json.loads((out / "calc" / "kbdata.json").read_text(encoding="utf-8"))  # what the calculator reads
    assert any(phase["state"] == "archived" and phase["after"]["min"] == 5
               for policy in kbdata["policies"].values() for phase in policy["phases"])
    assert sentence["new"].split()[-1] in (out / "ru" / "articles" / "lms-renewal" / "index.html").read_text(
        encoding="utf-8")

    def rewritten(before: dict, after: dict) -> set[str]:
        return {path for path, stamp in after.items() if before.get(path) != stamp}

    if not engines.chosen().dirty:  # it builds the whole site each time
        return
    by_data = rewritten(first["files"], data["files"])
    assert "ru/articles/funds-exhausted/index.html" in by_data and "calc/kbdata.json" in by_data
    assert not {"ru/articles/lms-renewal/index.html", "pl/articles/lms-renewal/index.html"} & by_data, by_data
    assert not any(path.startswith(("calc/", "pyodide/")) and path != "calc/kbdata.json" and
                   not path.startswith("calc/kbdata.json.") for path in by_data), "the runtime was copied again"
    by_prose = rewritten(data["files"], prose["files"])
    assert "ru/articles/lms-renewal/index.html" in by_prose
    assert not {"pl/articles/lms-renewal/index.html", "ru/articles/funds-exhausted/index.html",
                "pl/articles/funds-exhausted/index.html"} & by_prose, by_prose
