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

from generator import ROOT

DEFAULT = "mkdocs"


@dataclass(frozen=True)
class Engine:
    name: str
    venv: str  # its environment, under the project root
    module: str  # run as `python -m <module> build ...`
    options: tuple[str, ...]
    settings: tuple[tuple[str, str], ...] = ()  # theme settings this engine needs to look like the others
    links_from_source: bool = False  # reads a relative link in raw HTML from the source file, not the page
    dirty: tuple[str, ...] | None = None  # how it builds only the pages changed since its last build
    resident: bool = False  # its command line can be kept running (engine_worker.py)
    writes_outside: bool = True  # its site_dir may lie outside the folder of its mkdocs.yml

    @property
    def python(self) -> Path:
        """Its interpreter. MkDocs is one of the project's own packages: the running one."""
        return Path(sys.executable) if self.venv == ".venv" else ROOT / self.venv / "bin" / "python"


ENGINES = {
    # MkDocs 1.6.1: no release since August 2024; Material for MkDocs supports it until May 2027.
    # `make serve` builds an edit's pages only (--dirty), not --strict: MkDocs warns of every dirty build.
    "mkdocs": Engine("mkdocs", ".venv", "mkdocs", ("--strict",), dirty=("--dirty",), resident=True),
    # A MkDocs 1.x fork, maintained: the same configuration, the same Material theme.
    "properdocs": Engine("properdocs", ".venv-properdocs", "properdocs", ("--strict",), dirty=("--dirty",),
                         resident=True),
    # The Material team's successor; its own copy of the theme, in the look we use ('classic').
    # --clean: its cache would keep pages across data changes.
    "zensical": Engine("zensical", ".venv-zensical", "zensical", ("--clean",), (("variant", "classic"),),
                       links_from_source=True, writes_outside=False),
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


def _env() -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")  # Material's notice about MkDocs 2.0: our README says it
    env.pop("PYTHONPATH", None)  # nothing of ours runs in the engine
    return env


def _args(engine: Engine, dirty: bool) -> list[str]:
    return ["build", *(engine.dirty if dirty and engine.dirty else engine.options), "-f", "mkdocs.yml"]


def run(engine: Engine, stage: Path, *, dirty: bool = False) -> subprocess.CompletedProcess:
    """Build one staged language into <stage>/site/ (or where its mkdocs.yml says); ``dirty``:
    only the pages changed since the last build, where the engine can (`make serve`)."""
    return subprocess.run([str(engine.python), "-m", engine.module, *_args(engine, dirty)],
                          cwd=stage, env=_env(), capture_output=True, text=True)


class Resident:
    """One language's engine for `make serve`, kept running between its builds where the engine
    allows (engine_worker.py), else started for each; the same answers as ``run``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.process: subprocess.Popen | None = None

    def run(self, stage: Path, *, dirty: bool = False) -> subprocess.CompletedProcess:
        if not self.engine.resident:
            return run(self.engine, stage, dirty=dirty)
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen([str(self.engine.python), str(Path(__file__).with_name("engine_worker.py")),
                                             self.engine.module], env=_env(), text=True, stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        args = _args(self.engine, dirty)
        try:
            self.process.stdin.write(json.dumps({"dir": str(stage), "args": args}) + "\n")
            self.process.stdin.flush()
            answer = json.loads(self.process.stdout.readline())
        except (OSError, ValueError):  # it died: this build the ordinary way, the next one a new worker
            self.close()
            return run(self.engine, stage, dirty=dirty)
        return subprocess.CompletedProcess(args, answer["returncode"], "", answer["output"])

    def close(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


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
