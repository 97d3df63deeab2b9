"""The static site engines that can turn the staged Markdown into HTML (``KB_ENGINE``).

Each engine has its own pinned environment, made by `make` from requirements-<engine>.txt
(MkDocs, the default, shares the project's .venv). The engine gets a stage (generator/site/stage.py):
a folder with a complete configuration and finished Markdown, and writes HTML to <stage>/site/.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import ROOT
from generator.data.settings import engine_settings

DEFAULT = "mkdocs"


@dataclass(frozen=True)
class Engine:
    name: str
    venv: str  # its environment, under the project root
    module: str  # run as `python -m <module> build ...`
    options: tuple[str, ...]
    settings: tuple[tuple[str, str], ...] = ()  # theme settings this engine needs to look like the others
    links_from_source: bool = False  # reads a relative link in raw HTML from the source file, not the page

    @property
    def python(self) -> Path:
        """Its interpreter. MkDocs is one of the project's own packages: the running one."""
        return Path(sys.executable) if self.venv == ".venv" else ROOT / self.venv / "bin" / "python"


ENGINES = {
    # MkDocs 1.6.1: no release since August 2024; Material for MkDocs supports it until May 2027.
    "mkdocs": Engine("mkdocs", ".venv", "mkdocs", ("--strict",)),
    # A MkDocs 1.x fork, maintained: the same configuration, the same Material theme.
    "properdocs": Engine("properdocs", ".venv-properdocs", "properdocs", ("--strict",)),
    # The Material team's successor; its own copy of the theme, in the look we use ('classic').
    # --clean: its cache would keep pages across data changes.
    "zensical": Engine("zensical", ".venv-zensical", "zensical", ("--clean",), (("variant", "classic"),),
                       links_from_source=True),
}


def chosen() -> Engine:
    """The engine KB_ENGINE names (default: mkdocs); SystemExit with the choices otherwise."""
    name = os.environ.get("KB_ENGINE", "").strip() or DEFAULT
    if name not in ENGINES:
        raise SystemExit(f"KB_ENGINE={name!r} is not an engine this project builds with; "
                         f"choose one of: {', '.join(ENGINES)}")
    engine = ENGINES[name]
    if not engine.python.exists():
        raise SystemExit(f"the {name} engine is not installed: run `make engine-{name}` (or `make test-engines`)")
    return engine


def run(engine: Engine, stage: Path) -> subprocess.CompletedProcess:
    """Build one staged language into <stage>/site/."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")  # Material's notice about MkDocs 2.0: our README says it
    env.pop("PYTHONPATH", None)  # nothing of ours runs in the engine
    return subprocess.run([str(engine.python), "-m", engine.module, "build", *engine.options, "-f", "mkdocs.yml"],
                          cwd=stage, env=env, capture_output=True, text=True)


def newer_zensical() -> str:
    """Whether a Zensical newer than ours resolves from the package registry (0.0.74 and later
    need zensical-ui, which it does not serve yet). A report, never a failure."""
    pinned = next(line.split("==")[1].strip() for line in (ROOT / "requirements-zensical.txt").read_text().splitlines()
                  if line.startswith("zensical=="))
    probe = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--ignore-installed",
                            "--disable-pip-version-check", "--report", "-", f"zensical>{pinned}"],
                           capture_output=True, text=True, timeout=300)
    if probe.returncode != 0:
        published = re.findall(r"zensical==([0-9][0-9A-Za-z.]*)", probe.stderr)
        newest = f" ({published[-1]} is published, but its dependencies do not install yet)" if published else ""
        return f"zensical: {pinned} is the newest that installs here{newest}"
    found = [i["metadata"]["version"] for i in json.loads(probe.stdout or "{}").get("install", [])
             if i["metadata"]["name"].lower() == "zensical"]
    return (f"zensical: {found[0]} is installable now (we pin {pinned}): try it in requirements-zensical.txt"
            if found else f"zensical: {pinned} is the newest that installs here")


if __name__ == "__main__":
    if sys.argv[1:] == ["--newer"]:
        print(newer_zensical())
