"""Shared fixtures: the validated sample KB, a kbdata copy to break, the built site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The build date is an input: pin it so that rates in force and snapshots do not drift.
TODAY = "2026-11-23"
os.environ["KB_TODAY"] = TODAY
os.environ["NO_MKDOCS_2_WARNING"] = "1"

from calculators.model import from_dict  # noqa: E402
from macros.kbdata import load  # noqa: E402
from macros.site import load_site  # noqa: E402

PROJECT_PARTS = ("kbdata", "docs", "macros", "calculators", "overrides", "mkdocs.yml", "mkdocs.ru.yml",
                 "mkdocs.pl.yml", "package.json", "pyproject.toml")


@pytest.fixture(scope="session")
def site():
    return load_site(ROOT)


@pytest.fixture(scope="session")
def kbdata():
    """The validated sample kbdata (JSON form), without the articles."""
    return load(ROOT / "kbdata")


@pytest.fixture(scope="session")
def model(kbdata):
    return from_dict(kbdata)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throw-away copy of everything a build reads, to break on purpose."""
    dest = tmp_path / "project"
    dest.mkdir()
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)  # Pyodide, read-only
    return dest


def run_build(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(project))
    return subprocess.run([sys.executable, "-m", "macros.build", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """Both languages built once per session, exactly as `make build` does."""
    out = tmp_path_factory.mktemp("built") / "site"
    result = run_build(ROOT, "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    return out
