"""Where a build goes: the address it is served at (KB_SITE_URL) and the folder it replaces
(all or nothing, and never a folder the build did not make)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from generator import ROOT

# Characters an address may not carry as they are (RFC 3986); they would also break the pages
# that name it (canonical links, the sitemap, the 404 pages' links).
UNSAFE = set('"<>\\^`{|}')


def site_url() -> tuple[str | None, str]:
    """KB_SITE_URL, the address the site is served at (with its sub-path), or why it is unusable.

    Required: canonical links and the sitemap name it, and Material's instant navigation (which
    keeps the calculators' runtime alive from page to page) follows only the links the sitemap
    lists. A site served elsewhere than it was built for loses instant navigation, so a build
    without an address stops instead of guessing one."""
    value = os.environ.get("KB_SITE_URL", "").strip()
    if not value:
        return None, "KB_SITE_URL is not set"
    parts = urlsplit(value)
    try:
        port = parts.port
    except ValueError:
        port = 0
    last = parts.path.rstrip("/").rpartition("/")[2]
    problem = ("it must start with https:// or http://" if parts.scheme not in ("http", "https") or not parts.hostname
               else "it has no valid port" if port == 0
               else "it must not carry a user name or password" if parts.username or parts.password
               else "it must not have a query or a fragment" if parts.query or parts.fragment or "#" in value
               else "it must not contain spaces" if any(c.isspace() or ord(c) < 32 for c in value)
               else f"it must not contain {next(c for c in value if c in UNSAFE)!r} (write it %-encoded)"
               if any(c in UNSAFE for c in value)
               else "it is a page's address, not the site's folder" if last.lower().endswith((".html", ".htm"))
               else "")
    if problem:
        return None, f"KB_SITE_URL={value!r} cannot be used: {problem}"
    return (value if value.endswith("/") else value + "/"), ""


SITE_URL_HELP = ("set KB_SITE_URL to the address the site will be served at, with its sub-path, e.g.\n"
                 "  KB_SITE_URL=https://kb.example.com/help/ make build\n"
                 "canonical links, the sitemap and instant navigation between pages need it "
                 "(make serve sets it for itself)")


MARK = ".kb-build"  # in every site this build writes: the next build may replace that folder


def refuse_site_dir(site_dir: Path) -> str | None:
    """Why the build must not replace ``site_dir`` (it replaces the folder whole), or None: a
    deploy script's typo must never delete the project or another site."""
    if site_dir.exists() and not site_dir.is_dir():
        return f"--site-dir {site_dir} is a file, not a folder"
    if site_dir == ROOT or ROOT.is_relative_to(site_dir):
        return f"--site-dir {site_dir} contains the project itself"
    for source in ("docs", "kbdata", "overrides", "generator", "calculators", "tests", "node_modules", ".cache"):
        if site_dir.is_relative_to(ROOT / source):
            return f"--site-dir {site_dir} is inside {source}/, which the build reads: give a folder outside it"
    ours = (site_dir / MARK).is_file() or ((site_dir / "index.html").is_file() and (site_dir / "pyodide").is_dir())
    if site_dir.is_dir() and not ours and any(site_dir.iterdir()):
        return (f"--site-dir {site_dir} is not empty and was not made by this build, which replaces the folder "
                f"whole: give a new or empty folder")
    return None


def replace_dir(new: Path, old: Path) -> None:
    """Swap ``new`` in for ``old`` with two renames, so readers never see a half-written site.

    Everything in it is made readable by anyone first (folders 755, files 644): a web server
    reads it as its own user, and neither a strict umask nor a runtime cache written under one
    may publish a file it answers 403 for."""
    for folder, dirs, files in os.walk(new):
        os.chmod(folder, 0o755)
        for name in files:
            if not os.path.islink(path := os.path.join(folder, name)):
                os.chmod(path, 0o644)
    trash = old.with_name(f".{old.name}.old-{os.getpid()}")
    if old.exists():
        old.rename(trash)
    new.rename(old)
    shutil.rmtree(trash, ignore_errors=True)
