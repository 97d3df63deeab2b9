"""The browser runtime the site serves itself: Pyodide's core files (from the pinned npm
package), the calculators as a py3-none-any wheel, and the validated kbdata as JSON.

    site/pyodide/<version>/   pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm, python_stdlib.zip, pyodide-lock.json
    site/calc/                kb_calculators-<v>-py3-none-any.whl, kbdata.json,
                              pyodide-snapshot.bin.gz (memory after the calculators and kbdata loaded)

Pages with a calculator carry the asset version; the worker fetches with ?v=<version>, so
a new build is never mixed with a cached older wheel or data file.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYODIDE = ROOT / "node_modules" / "pyodide"
CORE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
WHEEL = "kb_calculators-0.1.0-py3-none-any.whl"
SNAPSHOT = "pyodide-snapshot.bin.gz"


def pyodide_version() -> str:
    """The pinned version (package.json); the folder the site serves it from is named after it."""
    return json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["pyodide"]


def data_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def asset_version(data: dict[str, Any]) -> str:
    """Changes whenever the calculators' code or the data changes."""
    digest = hashlib.sha256(data_json(data).encode())
    for path in sorted((ROOT / "calculators").glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def build_wheel(dest: Path) -> Path:
    """The calculators package as a pure-Python wheel, built with the standard `build` tool."""
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", tmp, str(ROOT)],
                              capture_output=True, text=True)
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


def bundle(out: Path, data: dict[str, Any]) -> None:
    """Write the runtime into a built site (called once per build, after the languages)."""
    missing = [name for name in CORE if not (PYODIDE / name).exists()]
    if missing:
        raise RuntimeError(f"Pyodide is not installed ({', '.join(missing)} missing in {PYODIDE}): run `make build`, "
                           f"which runs `npm ci` first")
    target = out / "pyodide" / pyodide_version()
    target.mkdir(parents=True, exist_ok=True)
    for name in CORE:
        if not (target / name).exists() or (target / name).stat().st_size != (PYODIDE / name).stat().st_size:
            shutil.copy2(PYODIDE / name, target / name)
    calc = out / "calc"
    stamp = calc / "VERSION"
    version = asset_version(data)
    if stamp.exists() and stamp.read_text() == version and (calc / SNAPSHOT).exists():
        return  # `make serve` rebuilding one language: the calculators did not change
    wheel = build_wheel(calc)
    (calc / "kbdata.json").write_text(data_json(data), encoding="utf-8")
    make_snapshot(wheel, calc / "kbdata.json", calc / SNAPSHOT)
    stamp.write_text(version)


def make_snapshot(wheel: Path, data: Path, out: Path) -> Path:
    """The worker boots from this memory image; the wheel and the JSON stay its fallback."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is needed to build the Pyodide snapshot (it comes with npm)")
    done = subprocess.run([node, str(ROOT / "macros" / "snapshot.mjs"), str(PYODIDE), str(wheel), str(data), str(out)],
                          capture_output=True, text=True)
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"making the Pyodide snapshot failed:\n{done.stderr[-2000:]}")
    return out
