"""How the runtime's files are made (generator/runtime/__init__.py says what they are): the
calculators' wheel, the build steps run in node, and folders that appear complete or not at all."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generator import ROOT

HERE = Path(__file__).resolve().parent
WHEEL = "kb_calculators-0.1.0-py3-none-any.whl"


class scratch:
    """A folder written beside ``final`` and renamed into place when complete (marked .done)."""

    def __init__(self, final: Path) -> None:
        self.final = final

    def __enter__(self) -> Path:
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.final.name}.", dir=self.final.parent))
        self.tmp.chmod(0o755)  # a web server's user reads what is copied from here
        return self.tmp

    def __exit__(self, kind, *_) -> None:
        if kind is None:
            (self.tmp / ".done").touch()
            shutil.rmtree(self.final, ignore_errors=True)
            self.tmp.rename(self.final)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)


def node_step(script: str, *args: Path) -> None:
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is needed to build the calculators' runtime (it comes with npm)")
    done = subprocess.run([node, str(HERE / script), *map(str, args)], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{script} failed:\n{done.stderr[-2000:]}")


def build_wheel(dest: Path) -> Path:
    """The calculators package as a pure-Python wheel, built with the standard `build` tool;
    SOURCE_DATE_EPOCH makes it the same bytes on every build."""
    env = dict(os.environ, SOURCE_DATE_EPOCH="315532800")  # 1980-01-01, the earliest a zip can say
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", tmp, str(ROOT)],
                              capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise RuntimeError(f"building the calculators wheel failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        shutil.rmtree(ROOT / "build", ignore_errors=True)  # setuptools' scratch folder
        for egg in ROOT.glob("*.egg-info"):
            shutil.rmtree(egg, ignore_errors=True)
        wheel = Path(tmp) / WHEEL
        if not wheel.exists():
            raise RuntimeError(f"expected {WHEEL}, got {[p.name for p in Path(tmp).iterdir()]}")
        dest.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy2(wheel, dest / WHEEL))
