"""Precompressed siblings of a built site's files, the way static hosts serve them.

For every file worth compressing, ``name.br`` (brotli, best) and ``name.gz`` (gzip -9) are
written beside it; a host picks the one the browser accepts (README: Deploy; make serve does
the same). Results are cached by content in .cache/compressed/, so a rebuild only compresses
what changed (the theme's files and the runtime never do).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli

from generator import ROOT

# Text and WebAssembly; images, fonts and zip-compressed files (.whl) gain nothing. The stored
# (uncompressed) python_stdlib.zip of the runtime is the one zip worth it.
COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".xml", ".svg", ".txt", ".map", ".wasm", ".ico",
                ".webmanifest", ".zip"}
MIN_SIZE = 1024  # below this, headers cost more than compression saves
GAIN = 0.9  # a sibling is kept only if it is at most 90% of the original
ENCODINGS = {"br": ".br", "gzip": ".gz"}
CACHE = ROOT / ".cache" / "compressed"
CACHE_DAYS = 30
CACHED_FROM = 64 * 1024  # smaller files are compressed again, faster than a cache look-up pays


def worth_compressing(path: Path) -> bool:
    return path.suffix in COMPRESSIBLE and path.is_file() and path.stat().st_size >= MIN_SIZE


def _encode(raw: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(raw, quality=11)
    return gzip.compress(raw, compresslevel=9, mtime=0)  # mtime 0: the same bytes on every build


def _cached(raw: bytes, encoding: str) -> bytes:
    if len(raw) < CACHED_FROM:
        return _encode(raw, encoding)
    entry = CACHE / f"{hashlib.sha256(raw).hexdigest()}.{encoding}"
    if entry.exists():
        os.utime(entry)  # recently used: kept by the clean-up below
        return entry.read_bytes()
    packed = _encode(raw, encoding)
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = entry.with_name(f".{entry.name}.{os.getpid()}")
    tmp.write_bytes(packed)
    tmp.replace(entry)
    return packed


def compress_file(path: Path) -> None:
    raw = path.read_bytes()
    for encoding, suffix in ENCODINGS.items():
        sibling = path.with_name(path.name + suffix)
        packed = _cached(raw, encoding)
        if len(packed) <= GAIN * len(raw):
            sibling.write_bytes(packed)
        else:
            sibling.unlink(missing_ok=True)


def compress_tree(folder: Path) -> None:
    """Write the siblings of every compressible file under ``folder`` (two threads: brotli
    releases the interpreter while it works)."""
    files = sorted((p for p in folder.rglob("*") if worth_compressing(p)), key=lambda p: -p.stat().st_size)
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        list(pool.map(compress_file, files))
    _forget_old()


def served_size(path: Path) -> int:
    """The bytes a browser that accepts brotli receives for ``path``."""
    sibling = path.with_name(path.name + ".br")
    return (sibling if sibling.exists() else path).stat().st_size


def _forget_old() -> None:
    if not CACHE.exists():
        return
    limit = time.time() - CACHE_DAYS * 86400
    for entry in CACHE.iterdir():
        if entry.stat().st_mtime < limit:
            entry.unlink(missing_ok=True)
