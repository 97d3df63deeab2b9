"""Snapshot or trimmed library: the choice the runtime makes, measured (issue: fewer bytes).

    python -m bench.runtime_boot [--runs 5]

Four ways the worker could start Python, each measured in node (fresh process per run) as
the time to answer one request, and by the bytes a first visit downloads for them (brotli,
as served, with Pyodide's core), and so the time those bytes take on the slow profile
(12 Mbit/s):
  full       Pyodide's whole standard library, as shipped by npm (.py sources, deflated zip),
             and the calculators' wheel
  source     the calculators and only the standard modules they import, as .py sources
  trimmed    the same modules compiled to .pyc (the standard ones as python -OO, without line
             tables): what the site ships
  snapshot   a memory image taken after the calculators and kbdata loaded (private API
             _makeSnapshot/_loadSnapshot), instead of the standard library
Results also go to bench/out/runtime_boot.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import brotli

from bench import ROOT, save
from generator.data.kbdata import load
from generator.hosting.compress import served_size
from generator.runtime import CORE, KEPT, PYODIDE, STDLIB, WHEEL, prepare

SLOW_BYTES_PER_S = 12_000_000 / 8


def br(data: bytes) -> int:
    return len(brotli.compress(data, quality=11))


def node(*args: str) -> float:
    done = subprocess.run(["node", *args], capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])["ms"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.runtime_boot", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    data = load(ROOT / "kbdata")
    runtime = prepare(data)
    shipped = runtime.calc_dir
    core = sum(served_size(runtime.core_dir / name) for name in CORE)
    wheel = shipped / KEPT / WHEEL  # the calculators as sources (the shipped library holds them compiled)
    small = sum(br(path.read_bytes()) for path in (runtime.kbdata_file, shipped / "worker.mjs"))
    calculators = zipfile.ZipFile(wheel)
    with tempfile.TemporaryDirectory(prefix="kb-boot-") as tmp:
        work = Path(tmp)
        source = work / "source"
        shutil.copytree(shipped, source)
        full = zipfile.ZipFile(PYODIDE / STDLIB)
        with zipfile.ZipFile(source / STDLIB, "w", zipfile.ZIP_STORED) as out:
            for name in zipfile.ZipFile(shipped / STDLIB).namelist():  # x.pyc -> x.py
                out.writestr(name[:-1], (calculators if name.startswith("calculators/") else full).read(name[:-1]))
        snapshot = work / "snapshot.bin.gz"
        done = subprocess.run(["node", str(ROOT / "bench" / "snapshot.mjs"), str(PYODIDE), str(wheel),
                               str(runtime.kbdata_file), str(snapshot)], capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"the snapshot could not be made (has Pyodide's private API changed?):\n{done.stderr[-2000:]}")
        ways = {
            "full": (["full", str(source), str(runtime.kbdata_file)],
                     br((PYODIDE / STDLIB).read_bytes()) + len(wheel.read_bytes()) + small),
            "source": (["trimmed", str(source), str(runtime.kbdata_file)], br((source / STDLIB).read_bytes()) + small),
            "trimmed": (["trimmed", str(shipped), str(runtime.kbdata_file)], br((shipped / STDLIB).read_bytes()) + small),
            "snapshot": (["snapshot", str(snapshot)], br(gzip.decompress(snapshot.read_bytes()))),
        }
        report = {}
        for name, (how, extra) in ways.items():
            runs = [node(str(ROOT / "bench" / "boot.mjs"), str(PYODIDE), *how) for _ in range(args.runs)]
            total = core + extra
            report[name] = {"answer_ms": round(statistics.median(runs), 1), "bytes": total,
                            "slow_transfer_s": round(total / SLOW_BYTES_PER_S, 2)}
    print("first answer in node (median), and a first visit's download (brotli, with Pyodide's core):")
    for name, r in report.items():
        print(f"  {name:9} {r['answer_ms']:7.0f} ms   {r['bytes'] / 1e6:5.2f} MB   "
              f"{r['slow_transfer_s']:5.2f} s at 12 Mbit/s")
    save("runtime_boot", report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
