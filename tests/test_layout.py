"""The generator's layout is its architecture (generator/__init__.py): a module imports only
from its own stage or an earlier one, `calculators` imports nothing of the generator, and no
module grows past what a reader holds in mind at once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

STAGES = ("hosting", "data", "rendering", "search", "runtime", "site")  # the order a page goes through
MAX_LINES = 260


def modules(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "__pycache__" not in p.parts)


def stage_of(module: str) -> int:
    """generator.<stage>.… -> its place; the package itself (ROOT) comes before every stage."""
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else -1


def imported(path: Path) -> set[str]:
    """Every generator or calculators module ``path`` names in an import, resolved."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] in ("generator", "calculators")}


def test_the_stages_are_the_packages():
    packages = {p.name for p in (ROOT / "generator").iterdir() if (p / "__init__.py").is_file()}
    assert packages == set(STAGES)


@pytest.mark.parametrize("path", modules("generator"), ids=lambda p: str(p.relative_to(ROOT)))
def test_a_module_imports_only_its_own_stage_or_earlier_ones(path):
    own = stage_of(".".join(path.relative_to(ROOT).with_suffix("").parts))
    later = sorted(name for name in imported(path)
                   if name.startswith("generator.") and stage_of(name) > own
                   and (ROOT / name.replace(".", "/")).exists() | (ROOT / (name.replace(".", "/") + ".py")).exists())
    assert not later, f"{path.relative_to(ROOT)} imports a later stage: {later}"


@pytest.mark.parametrize("path", modules("calculators"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_calculators_use_nothing_of_the_generator(path):
    assert not [name for name in imported(path) if name.startswith("generator")]


@pytest.mark.parametrize("path", modules("calculators"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_calculators_import_every_module_at_their_top(path):
    """The runtime's trimmed library is what the calculators import answering the probe's
    requests for the kbdata at hand (generator/runtime/probe.py), and it is rebuilt only when
    the code changes: no import may wait for a code path that some other kbdata would take."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = set(map(id, tree.body))
    nested = [node.lineno for node in ast.walk(tree)
              if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in top]
    if path.name == "__main__.py":  # the command line, never shipped to the browser's probe paths
        nested = []
    assert not nested, f"{path.relative_to(ROOT)}: imports inside code at lines {nested}"


@pytest.mark.parametrize("path", modules("generator"), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_too_long_to_read(path):
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it by concern"


def test_there_is_no_macros_folder_left():
    """The design's `macros/` held the whole generator; only article macros could keep the name."""
    assert not (ROOT / "macros").exists()
