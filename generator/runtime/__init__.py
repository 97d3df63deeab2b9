"""The browser runtime the site serves itself, fetched only when a reader uses a calculator.

    site/pyodide/<pyodide version>/  pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm
                                      (the pinned npm package's core; no CDN)
    site/calc/<version>/              worker.mjs            the calculators' module worker
                                      python_stdlib.zip     only the modules they import, compiled
                                      pyodide-lock.json     no packages: nothing else is ever loaded
                                      kb_calculators-…whl   the calculators, py3-none-any
    site/calc/kbdata.<digest>.json    the validated kbdata, on its own (calc/kbdata.json under serve)

Every one is named after what is in it, so its URL is immutable: a host caches it for a year
(README: Deploy), and a change of code is a new folder, a change of data a new kbdata file,
so an edit of kbdata rebuilds nothing of the runtime. Every file has precompressed .br and
.gz siblings. <version> is a digest of the code, so the pages can name the folder; each is
built once into .cache/runtime/ and copied.

The trimmed library is what the calculators import answering every kind of request for the
kbdata at hand (probe.py). That set follows from the code alone: the calculators import every
module at their top (tests/test_layout.py holds them to it), whatever the data says.

Why a trimmed, compiled standard library and not a memory snapshot: README, "The calculators'
runtime", has the measurements.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator import ROOT
from generator.hosting.compress import compress_file, compress_tree, served_size
from generator.hosting.rules import ENCODINGS
from generator.runtime.probe import probe_requests

HERE = Path(__file__).resolve().parent
PYODIDE = ROOT / "node_modules" / "pyodide"
CACHE = ROOT / ".cache" / "runtime"
CORE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
WHEEL = "kb_calculators-0.1.0-py3-none-any.whl"
STDLIB = "python_stdlib.zip"
WORKER = "worker.mjs"
LOCK = "pyodide-lock.json"
# What the worker fetches besides the core and kbdata; their digest names the folder.
INPUTS = (HERE / "worker.mjs", HERE / "stdlib.mjs", HERE / "probe.py", HERE / "__init__.py", ROOT / "pyproject.toml")
KEEP = 3  # runtime versions kept in the cache
SERVE_KBDATA = "calc/kbdata.json"  # for_serve


def pyodide_version() -> str:
    """The pinned version (package.json); the folder the site serves it from is named after it."""
    return json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["pyodide"]


def data_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def data_name(data: dict[str, Any]) -> str:
    """kbdata's file, named after its content (the pages name it; a host caches it for a year)."""
    return f"kbdata.{hashlib.sha256(data_json(data).encode()).hexdigest()[:12]}.json"


def asset_version() -> str:
    """Changes whenever anything in site/calc/<version>/ could change: the code, not the data."""
    digest = hashlib.sha256(pyodide_version().encode())
    for path in [*sorted((ROOT / "calculators").glob("*.py")), *INPUTS]:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class Runtime:
    """What a page needs to know of the runtime: where it is and what it costs to fetch."""
    pyodide: str      # folder of Pyodide's core, relative to the site root
    calc: str         # folder of the calculators' files, relative to the site root
    kbdata: str       # kbdata's file, relative to the site root
    bytes: int        # what a first visit downloads for an answer, compressed as served (brotli)
    core_dir: Path    # where the build keeps them (.cache/runtime/), to copy into a site
    calc_dir: Path
    kbdata_file: Path


def plan(data: dict[str, Any]) -> Runtime:
    """The runtime ``prepare`` would give, named without building anything (`make check`: no
    node, no compression). Its size is the cached runtime's when there is one, else 0: the
    pages rendered with it are checked, never written."""
    core, calc, kbdata = _places(data)
    built = all((folder / ".done").exists() for folder in (core, calc)) and kbdata.exists()
    return _runtime(data, core, calc, kbdata, measured=built)


def prepare(data: dict[str, Any]) -> Runtime:
    """Build (or find in the cache) the runtime and kbdata's file; safe to call from parallel builds."""
    version = asset_version()
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        core = _core()
        calc = _calc(data, version)
        kbdata = _kbdata(data)
    return _runtime(data, core, calc, kbdata, measured=True)


def _places(data: dict[str, Any]) -> tuple[Path, Path, Path]:
    return CACHE / f"pyodide-{pyodide_version()}", CACHE / f"calc-{asset_version()}", CACHE / "kbdata" / data_name(data)


def _runtime(data: dict[str, Any], core: Path, calc: Path, kbdata: Path, *, measured: bool) -> Runtime:
    fetched = [core / name for name in CORE] + [calc / name for name in (WORKER, STDLIB, LOCK, WHEEL)] + [kbdata]
    return Runtime(pyodide=f"pyodide/{pyodide_version()}/", calc=f"calc/{asset_version()}/",
                   kbdata=f"calc/{data_name(data)}", bytes=sum(map(served_size, fetched)) if measured else 0,
                   core_dir=core, calc_dir=calc, kbdata_file=kbdata)


def _kbdata(data: dict[str, Any]) -> Path:
    """kbdata's file in the cache, with its siblings (a few kept: serve goes back and forth)."""
    target = CACHE / "kbdata" / data_name(data)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        scratch = target.with_name(f".{target.name}.{os.getpid()}")
        scratch.write_text(data_json(data), encoding="utf-8")
        compress_file(scratch)
        for _, suffix in ENCODINGS:
            if scratch.with_name(scratch.name + suffix).exists():
                scratch.with_name(scratch.name + suffix).replace(target.with_name(target.name + suffix))
        scratch.replace(target)
    os.utime(target)
    for old in sorted(target.parent.glob("kbdata.*.json"), key=lambda p: p.stat().st_mtime)[:-KEEP * 3]:
        for sibling in (old, *(old.with_name(old.name + suffix) for _, suffix in ENCODINGS)):
            sibling.unlink(missing_ok=True)
    return target


def for_serve(runtime: Runtime) -> Runtime:
    """The runtime as `make serve` names it: kbdata under one name the server revalidates, so a
    data edit changes only the pages that show what changed, not every page that names the file."""
    return replace(runtime, kbdata=SERVE_KBDATA)


def bundle(out: Path, runtime: Runtime) -> None:
    """Copy the runtime and kbdata's file into a built site (once per build, after the languages)."""
    for rel, source in ((runtime.pyodide, runtime.core_dir), (runtime.calc, runtime.calc_dir)):
        target = out / rel
        if not target.exists():
            for old in target.parent.glob("*/") if target.parent.exists() else ():  # an older version's folder
                shutil.rmtree(old, ignore_errors=True)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns(".*"))
    target = out / runtime.kbdata
    for old in target.parent.glob("kbdata.*json*"):
        if not old.name.startswith(target.name):
            old.unlink()
    for suffix in ("", *(suffix for _, suffix in ENCODINGS)):
        source = runtime.kbdata_file.with_name(runtime.kbdata_file.name + suffix)
        if source.exists():
            shutil.copy2(source, target.with_name(target.name + suffix))


def _core() -> Path:
    missing = [name for name in CORE if not (PYODIDE / name).exists()]
    if missing:
        raise RuntimeError(f"Pyodide is not installed ({', '.join(missing)} missing in {PYODIDE}): run `make build`, "
                           f"which runs `npm ci` first")
    folder = CACHE / f"pyodide-{pyodide_version()}"
    if not (folder / ".done").exists():
        print(f"compressing Pyodide {pyodide_version()} for the site, once (about half a minute; kept in .cache/)",
              file=sys.stderr, flush=True)
        with _scratch(folder) as tmp:
            for name in CORE:
                shutil.copy2(PYODIDE / name, tmp / name)
            compress_tree(tmp)
    return folder


def _calc(data: dict[str, Any], version: str) -> Path:
    folder = CACHE / f"calc-{version}"
    if (folder / ".done").exists():
        return folder
    with _scratch(folder) as tmp:
        build_wheel(tmp)
        data_file = tmp / ".kbdata.json"  # the probe's; the site's is kbdata.<digest>.json
        data_file.write_text(data_json(data), encoding="utf-8")
        shutil.copy2(HERE / "worker.mjs", tmp / WORKER)
        lock = json.loads((PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))
        (tmp / LOCK).write_text(json.dumps({"info": lock["info"], "packages": {}}, sort_keys=True), encoding="utf-8")
        requests = tmp / ".probe.json"
        requests.write_text(json.dumps(probe_requests(data)), encoding="utf-8")
        _node("stdlib.mjs", PYODIDE, tmp / WHEEL, data_file, requests, tmp / STDLIB)
        requests.unlink()
        data_file.unlink()
        compress_tree(tmp)
    for old in sorted(CACHE.glob("calc-*"), key=lambda p: p.stat().st_mtime)[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)
    return folder


class _scratch:
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


def _node(script: str, *args: Path) -> None:
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
