"""The browser runtime the site serves itself, fetched only when a reader uses a calculator.

    site/pyodide/<pyodide version>/  pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm
                                      (the pinned npm package's core; no CDN)
    site/calc/<version>/              worker.mjs            the calculators' module worker
                                      python_stdlib.zip     the calculators and only the standard
                                                            modules they import, compiled (stdlib.mjs)
                                      pyodide-lock.json     no packages: nothing else is ever loaded
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
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator import ROOT
from generator.hosting.compress import compress_file, compress_tree, served_size
from generator.hosting.rules import ENCODINGS
from generator.runtime.making import WHEEL, build_wheel, node_step, scratch
from generator.runtime.probe import probe_requests

HERE = Path(__file__).resolve().parent
PYODIDE = ROOT / "node_modules" / "pyodide"
CACHE = ROOT / ".cache" / "runtime"
CORE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
STDLIB = "python_stdlib.zip"
WORKER = "worker.mjs"
LOCK = "pyodide-lock.json"
KEPT = ".wheel"  # the calculators' py3-none-any wheel, in the cache only (no dot folder is copied into a site)
# What the worker fetches besides the core and kbdata; their digest names the folder.
INPUTS = (HERE / "worker.mjs", HERE / "stdlib.mjs", HERE / "probe.py", HERE / "__init__.py", HERE / "making.py",
          ROOT / "pyproject.toml")
KEEP = 3  # runtime versions kept in the cache
SERVE_KBDATA = "calc/kbdata.json"  # for_serve


def pyodide_version() -> str:
    """The pinned version (package.json); the folder the site serves it from is named after it."""
    return json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["pyodide"]


BROWSER_LEAVES_OUT = ("search",)  # the search synonyms: the search index carries them


def data_json(data: dict[str, Any]) -> str:
    """kbdata as the calculators read it in the browser."""
    kept = {key: value for key, value in data.items() if key not in BROWSER_LEAVES_OUT}
    return json.dumps(kept, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


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
    # What a first answer downloads, compressed as served (brotli), and of that what the worker
    # counts as it arrives (all but Pyodide's scripts), decoded: its progress bar's 100 %. Both
    # leave out kbdata's file (some 20 KB), so that a data edit changes no page but those that show it.
    bytes: int
    counted: int
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
    fetched = [core / name for name in CORE] + [calc / name for name in (WORKER, STDLIB, LOCK)]
    counted = [core / "pyodide.asm.wasm"] + [calc / name for name in (STDLIB, LOCK)]
    return Runtime(pyodide=f"pyodide/{pyodide_version()}/", calc=f"calc/{asset_version()}/",
                   kbdata=f"calc/{data_name(data)}", bytes=sum(map(served_size, fetched)) if measured else 0,
                   counted=sum(path.stat().st_size for path in counted) if measured else 0,
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
        with scratch(folder) as tmp:
            for name in CORE:
                shutil.copy2(PYODIDE / name, tmp / name)
            compress_tree(tmp)
    return folder


def _calc(data: dict[str, Any], version: str) -> Path:
    folder = CACHE / f"calc-{version}"
    if (folder / ".done").exists():
        return folder
    with scratch(folder) as tmp:
        build_wheel(tmp / KEPT)  # installed by the build step; never served (benchmarks boot from it)
        data_file = tmp / ".kbdata.json"  # the probe's; the site's is kbdata.<digest>.json
        data_file.write_text(data_json(data), encoding="utf-8")
        shutil.copy2(HERE / "worker.mjs", tmp / WORKER)
        lock = json.loads((PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))
        (tmp / LOCK).write_text(json.dumps({"info": lock["info"], "packages": {}}, sort_keys=True), encoding="utf-8")
        requests = tmp / ".probe.json"
        requests.write_text(json.dumps(probe_requests(data)), encoding="utf-8")
        node_step("stdlib.mjs", PYODIDE, tmp / KEPT / WHEEL, data_file, requests, tmp / STDLIB)
        requests.unlink()
        data_file.unlink()
        compress_tree(tmp)
    for old in sorted(CACHE.glob("calc-*"), key=lambda p: p.stat().st_mtime)[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)
    return folder
