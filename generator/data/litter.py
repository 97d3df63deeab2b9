"""What an editor leaves beside the files it edits (backups, swap and lock files, its test of
a folder's permissions): never part of the KB. The articles, the files the pages carry and
`make serve`'s watcher all pass them by, so a draft's backup is neither published nor an error.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

# Hidden files (Emacs' .#lock, vim's .swp, macOS' .DS_Store), backups (name~, #name#), vim's
# write test (4913) and temporary files.
PATTERNS = (".*", "*~", "#*#", "4913", "*.tmp")


def is_litter(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in PATTERNS)


def ignore(folder: str, names: list[str]) -> set[str]:
    """For shutil.copytree: the litter among ``names``."""
    return {name for name in names if is_litter(name)}


def files(top: Path) -> list[Path]:
    """The files under ``top`` that are the KB's: none in a hidden folder, none left by an editor."""
    return [p for p in top.rglob("*") if p.is_file() and not any(is_litter(part) for part in p.relative_to(top).parts)]
