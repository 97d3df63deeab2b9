"""CPython and Pyodide give the same answer to the same request, byte for byte.

Runs the calculators as the site ships them (compiled, in the runtime's Python library)
inside the real Pyodide runtime (the npm package the site serves, in node) on 600+ generated
requests: every service and paid item, dates across years and month ends, ranges, contract
rates, balances, and bad input of every kind.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from calculators.browser import answer_with, dumps
from generator.runtime import PYODIDE, prepare

pytestmark = pytest.mark.pyodide


def requests(model) -> list[dict]:
    rnd = random.Random(20261123)
    out = []
    day = lambda: (date(2024, 1, 1) + timedelta(days=rnd.randrange(0, 1500))).isoformat()  # noqa: E731
    for service in model.services:
        for billing in list(service.billing) or [None]:
            for _ in range(6):
                req = {"calc": "timeline", "service": service.id, "event": day()}
                if billing:
                    req["billing"] = billing
                if rnd.random() < 0.4:
                    req["period-end"] = (date.fromisoformat(req["event"]) + timedelta(days=rnd.randrange(0, 90))).isoformat()
                if billing in ("monthly", "yearly") and rnd.random() < 0.5:
                    req["licenses"] = rnd.choice([True, "1", "on"])
                out.append(req)
    for item in sorted(model.prices.items()):
        out.append({"calc": "price", "item": item, "today": day()})
        out.append({"calc": "price", "item": item, "rate": f"{rnd.randrange(1, 900000) / 100:.2f}"})
    for _ in range(120):
        low = rnd.randrange(1, 40000) / 1000
        req = {"calc": "price", "hours": str(low), "role": rnd.choice(["developer", "content"]),
               "rate": str(rnd.randrange(1, 10_000_000) / 100)}
        if rnd.random() < 0.5:
            req["hours-max"] = str(low + rnd.randrange(0, 20000) / 1000)
        out.append(req)
    for _ in range(80):
        out.append({"calc": "balance", "balance": str(rnd.randrange(0, 5000) / 100),
                    "stages": ",".join(str(rnd.randrange(1, 2000) / 100) for _ in range(rnd.randrange(1, 8)))})
    bad = [
        {"calc": "timeline", "service": "cloud-pro", "event": "2026-02-30"},
        {"calc": "timeline", "service": "cloud-pro", "event": "01.11.2026"},
        {"calc": "timeline", "service": "nope", "event": "2026-11-01"},
        {"calc": "timeline", "service": "cloud-vps", "billing": "hourly", "event": "2026-11-01"},
        {"calc": "timeline", "service": "cloud-pro", "billing": "hourly", "licenses": "1", "event": "2026-11-01"},
        {"calc": "timeline", "service": "dns", "event": "2026-11-10", "period-end": "2026-11-01"},
        {"calc": "timeline", "service": "dns", "event": "2026-11-10", "licenses": "maybe"},
        {"calc": "price", "hours": "1,5", "role": "developer", "rate": "abc"},
        {"calc": "price", "hours": "-2", "role": "content", "rate": "10"},
        {"calc": "price", "hours": "5", "hours-max": "1", "role": "content", "rate": "10"},
        {"calc": "price", "item": "design-template", "today": "1999-01-01"},
        {"calc": "balance", "balance": "-1", "stages": "1"},
        {"calc": "balance", "balance": "5", "stages": ""},
        {"calc": "balance", "balance": "5", "stages": "1,,2"},
        {"calc": "nope"}, {"calc": "price", "colour": "red"}, [], "text", None,
    ]
    out += bad
    return [{"request": r, "lang": lang} for r in out for lang in ("ru", "pl")]


def test_cpython_and_pyodide_agree_byte_for_byte(model, kbdata, tmp_path: Path):
    """Booted as the browser worker boots, from the runtime the site ships: its trimmed
    standard library must hold every module these 600+ requests import."""
    node = shutil.which("node")
    if node is None or not (PYODIDE / "pyodide.mjs").exists():
        if os.environ.get("CI") == "true":
            pytest.fail("node or the Pyodide npm package is missing under CI (make test runs npm ci)")
        pytest.skip("node or node_modules/pyodide missing: run `make test`")
    cases = requests(model)
    assert len(cases) >= 500, len(cases)
    runtime = prepare(kbdata)
    jsonl = tmp_path / "requests.jsonl"
    jsonl.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
    done = subprocess.run([node, str(Path(__file__).with_name("pyodide_runner.mjs")), str(PYODIDE), str(runtime.calc_dir),
                           str(runtime.kbdata_file), str(jsonl)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.rstrip("\n").split("\n")
    runtime = json.loads(lines.pop())
    assert runtime["pyodide"] == json.loads((PYODIDE / "package.json").read_text())["version"]
    assert runtime["trimmed"], "the runner did not boot from the shipped, trimmed standard library"
    assert runtime["shipped"] == "zipimporter /lib/python314.zip/calculators/api.pyc", runtime["shipped"]
    assert len(lines) == len(cases)
    answered = {"ok": 0, "error": 0}
    for case, theirs in zip(cases, lines):
        ours = dumps(answer_with(model, case["request"], case["lang"]))
        assert theirs == ours, f"differs for {case}:\nCPython: {ours}\nPyodide: {theirs}"
        answered["ok" if json.loads(ours)["response"]["ok"] else "error"] += 1
    assert answered["ok"] > 400 and answered["error"] >= 30, answered
