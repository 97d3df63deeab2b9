"""Build-time benchmark: our build against plain mkdocs-material, measured in the same run.

    python -m bench.build_time [--sizes 500,1000,2000] [--repeat 3]

For the sample KB and for generated catalogs of N services (one page each), builds the
Russian site as ours is built (our stage: kbdata loaded, every page rendered; then the engine
on the staged Markdown), and builds exactly those pages again with plain mkdocs-material
(same theme and Markdown extensions, none of our code). Reports ms per page, the ratio ours/plain, and
how the time grows from the smallest to the largest catalog (linear growth keeps ms/page
flat), and how long `make check` (both languages, every page, no node) takes beside them.
Runs alternate ours/plain and the fastest of each is kept, which damps the noise of a shared
machine. Results also go to bench/out/build_time.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench import ROOT, save

PARTS = ("kbdata", "docs", "generator", "calculators", "overrides", "engine.yml", "package.json", "pyproject.toml")
TARGET_RATIO = 1.25


def make_project(dest: Path, services: int) -> Path:
    for part in PARTS:
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / part)
    # Pyodide (read-only) and the runtime caches, keyed by content: a catalog's first build
    # makes its runtime folder, the fastest run kept is a warm one, as a KB author's rebuild is.
    (ROOT / ".cache").mkdir(exist_ok=True)
    for shared in ("node_modules", ".cache"):
        (dest / shared).symlink_to(ROOT / shared, target_is_directory=True)
    if services:
        path = dest / "kbdata" / "services.yaml"
        text = path.read_text(encoding="utf-8")
        text = text.replace("services:\n", "  - id: bench\n    name: {ru: Тестовые услуги, pl: Usługi testowe}\n"
                                          "    matrix: false\n\nservices:\n", 1)
        extra = "".join(
            f"\n  - id: bench-{i:05d}\n    name: {{ru: Тестовая услуга {i}, pl: Usługa testowa {i}}}\n"
            f"    group: bench\n    billing: [monthly]\n    policy: monthly-off\n    labels:\n"
            f"      ru: {{running: включена, off: выключена, deleted: удалена}}\n"
            f"      pl: {{running: włączona, off: wyłączona, deleted: usunięta}}\n"
            for i in range(services))
        path.write_text(text + extra, encoding="utf-8")
    return dest


def plain_config(project: Path, stage: Path) -> Path:
    """The same theme, pages, navigation and Markdown as ours, none of our code."""
    ours = json.loads((stage / "ru" / "mkdocs.yml").read_text(encoding="utf-8"))
    config = {
        "site_name": "plain", "site_url": "http://127.0.0.1:8000/ru/", "docs_dir": str(stage / "ru" / "docs"),
        "nav": ours["nav"], "validation": ours["validation"],
        "theme": {"name": "material", "font": False, "language": "ru", "features": ours["theme"]["features"]},
        "markdown_extensions": ours["markdown_extensions"], "plugins": ["search"],
    }
    path = project / "mkdocs.plain.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def run(project: Path, args: list[str], cwd: Path) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(project), KB_TODAY="2026-11-23",
               KB_SITE_URL="http://127.0.0.1:8000/", KB_ENGINE="mkdocs")
    started = time.perf_counter()
    result = subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return elapsed


def ours(project: Path, stage: Path) -> float:
    """Our build of the Russian site: the stage, then the engine on it."""
    shutil.rmtree(stage, ignore_errors=True)
    return (run(project, ["-m", "generator.site.build", "--lang", "ru", "--stage-to", str(stage)], project)
            + run(project, ["-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml"], stage / "ru"))


def measure(services: int, repeat: int, work: Path) -> dict:
    project = make_project(work / f"p{services}", services)
    stage, kept = work / f"stage{services}", work / f"kept{services}"
    ours(project, kept)  # warms the runtime cache; its Markdown is what plain builds
    plain = plain_config(project, kept)
    pages = sum(1 for _ in (kept / "ru" / "docs").rglob("*.md"))
    ours_t, plain_t, check_t = [], [], []
    for _ in range(repeat):
        check_t.append(run(project, ["-m", "generator.site.build", "--check"], project))  # make check: Python only
        ours_t.append(ours(project, stage))
        plain_t.append(run(project, ["-m", "mkdocs", "build", "-q", "-f", str(plain), "-d", str(work / "plain")],
                           project))
    ours_s, plain_s = min(ours_t), min(plain_t)
    return {"services": services, "pages": pages, "ours_s": round(ours_s, 3), "plain_s": round(plain_s, 3),
            "ours_ms_per_page": round(1000 * ours_s / pages, 2),
            "plain_ms_per_page": round(1000 * plain_s / pages, 2), "ratio": round(ours_s / plain_s, 3),
            "check_s": round(min(check_t), 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.build_time", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,1000,2000", help="generated catalog sizes (services)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = [0] + [int(s) for s in args.sizes.split(",") if s]
    rows = []
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        for n in sizes:
            row = measure(n, args.repeat, Path(tmp))
            rows.append(row)
            label = "sample KB" if n == 0 else f"{n} services"
            print(f"{label:>15}: {row['pages']:5d} pages  ours {row['ours_s']:7.2f}s "
                  f"({row['ours_ms_per_page']:6.2f} ms/page)  plain {row['plain_s']:7.2f}s "
                  f"({row['plain_ms_per_page']:6.2f} ms/page)  ratio {row['ratio']:.2f}  "
                  f"make check {row['check_s']:.2f}s", flush=True)
    big = [r for r in rows if r["services"]]
    verdict = {"ratio_max": max(r["ratio"] for r in rows), "ratio_target": TARGET_RATIO}
    if len(big) >= 2:
        lo, hi = big[0], big[-1]
        verdict["growth"] = round(hi["ours_s"] / lo["ours_s"], 2)
        verdict["pages_growth"] = round(hi["pages"] / lo["pages"], 2)
        verdict["ms_per_page_growth"] = round(hi["ours_ms_per_page"] / lo["ours_ms_per_page"], 2)
        print(f"growth {lo['services']} -> {hi['services']} services: time x{verdict['growth']} for pages "
              f"x{verdict['pages_growth']} (ms/page x{verdict['ms_per_page_growth']}; 1.0 = linear)")
    ok = verdict["ratio_max"] <= TARGET_RATIO
    print(f"overhead: worst ratio {verdict['ratio_max']:.2f} (target <= {TARGET_RATIO}): {'OK' if ok else 'OVER'}")
    save("build_time", {"rows": rows, "verdict": verdict})
    return 0


if __name__ == "__main__":
    sys.exit(main())
