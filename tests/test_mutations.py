"""Random author mistakes: valid kbdata and articles, mutated at random (a line dropped,
doubled or cut, a character inserted, a number changed, two lines swapped), must give either
a site that checks and renders, or errors that each name a place, never anything else (no
traceback, no hang)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from generator.data import kb as site_mod
from generator.data.errors import KbdataError
from generator.site.check import check

FILES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "kbdata").rglob("*.yaml")) + sorted(
    str(p.relative_to(ROOT)) for p in (ROOT / "docs").rglob("*.md"))
NOISE = ["\t", "\u00a0", "\x07", "\ufeff", ":", "-", "[", "{", "'", '"', "#", "&a", "*a", "сloud", "{{", "}}", "{%",
         "\n", "  ", "0", "-1", "99999999999", "2025-02-30", "null", "~", "<<<<<<< HEAD\n"]


def mutate(text: str, data: st.DataObject) -> str:
    lines = text.split("\n")
    at = data.draw(st.integers(0, len(lines) - 1), label="line")
    kind = data.draw(st.sampled_from(["drop", "double", "cut", "insert", "number", "swap"]), label="kind")
    line = lines[at]
    if kind == "drop":
        del lines[at]
    elif kind == "double":
        lines.insert(at, line)
    elif kind == "cut":
        lines[at] = line[:data.draw(st.integers(0, len(line)), label="cut at")]
    elif kind == "insert":
        where = data.draw(st.integers(0, len(line)), label="column")
        lines[at] = line[:where] + data.draw(st.sampled_from(NOISE), label="noise") + line[where:]
    elif kind == "number":
        digits = [i for i, c in enumerate(line) if c.isdigit()]
        if digits:
            i = data.draw(st.sampled_from(digits), label="digit")
            lines[at] = line[:i] + data.draw(st.sampled_from(["0", "9", "99999", "-", "."]), label="by") + line[i + 1:]
    else:
        other = data.draw(st.integers(0, len(lines) - 1), label="other line")
        lines[at], lines[other] = lines[other], line
    return "\n".join(lines)


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("mutations")
    for part in ("kbdata", "docs"):
        shutil.copytree(ROOT / part, root / part)
    return root


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_random_mistake_is_either_fine_or_located(tree: Path, data):
    target = data.draw(st.sampled_from(FILES), label="file")
    original = (ROOT / target).read_text(encoding="utf-8")
    (tree / target).write_text(mutate(original, data), encoding="utf-8")
    saved = list(site_mod._ACTIVE)
    try:
        try:
            site = site_mod.load_site(tree)
        except KbdataError as exc:
            problems = exc.problems
        else:
            problems = check(site).problems
        for problem in problems:
            assert problem.place.file and (problem.place.line >= 1 or problem.place.file.startswith(("KB_TODAY", "kbdata ("))), problem
            assert problem.message and "Traceback" not in problem.message, problem
    finally:
        (tree / target).write_text(original, encoding="utf-8")
        site_mod._ACTIVE[:] = saved
