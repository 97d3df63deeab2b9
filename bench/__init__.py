"""Benchmarks (`make bench`): each compares against a baseline measured in the same run."""

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def save(name: str, result: Any) -> Path:
    """bench/out/<name>.json: the figures of the last run, for notes and comparisons."""
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return path
