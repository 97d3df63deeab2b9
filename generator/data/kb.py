"""The KB as every later stage sees it: validated kbdata, the model, the articles, one Lang per
language, and (set by the site stage) where the calculators' runtime is.

Loaded once per build and shared by the rendering; plain Python, whatever the engine.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from calculators.model import Model, from_dict
from calculators.words import Lang
from generator import ROOT
from generator.data import articles as articles_mod
from generator.data.errors import Errors, KbdataError, Place
from generator.data.kbdata import load


def build_today() -> str:
    """The date the build treats as today (rates in force); KB_TODAY pins it for reproducible builds."""
    value = os.environ.get("KB_TODAY")
    if value:
        return date.fromisoformat(value).isoformat()
    return date.today().isoformat()


@dataclass(frozen=True, kw_only=True)
class Site:
    root: Path
    data: dict[str, Any]
    model: Model
    articles: dict[str, list[articles_mod.Article]]  # language -> articles
    today: str
    # How the engine reads a relative link in raw HTML: from the page's source file (Zensical)
    # or from its address (MkDocs, ProperDocs). generator.rendering.pages.href_from writes links for it.
    links_from_source: bool = False
    # What the pages say of the calculators' runtime (generator.runtime.Runtime: its folders,
    # its kbdata file and what a first answer downloads). The site stage sets it: the build
    # from the runtime it prepares, `make check` from the one it would prepare.
    runtime: Any = None

    def lang(self, code: str) -> Lang:
        return Lang(code=code, model=self.model, strings=self.data["strings"][code], today=self.today)

    def with_runtime(self, runtime: Any) -> "Site":
        return dataclasses.replace(self, runtime=runtime)

    def for_engine(self, links_from_source: bool) -> "Site":
        """This site, its links written for an engine that reads them from the source file."""
        if links_from_source == self.links_from_source:
            return self
        return dataclasses.replace(self, links_from_source=links_from_source)

    def article_for_group(self, code: str, group: str) -> articles_mod.Article | None:
        return next((a for a in self.articles[code] if group in a.services), None)


def load_site(root: Path = ROOT, *, kbdata_of: Site | None = None) -> Site:
    """Validate kbdata and the articles; raise KbdataError listing every problem.

    ``kbdata_of``: a KB loaded before from the same kbdata (`make serve` after an article's
    edit): its data and model are taken as they are, and only the articles are read again."""
    errors = Errors()
    try:
        today = build_today()
    except ValueError:
        errors.add(Place("KB_TODAY", 0, 0), f"KB_TODAY={os.environ.get('KB_TODAY')!r} is not a date like 2026-11-24")
        today = ""
    data = kbdata_of.data if kbdata_of and kbdata_of.today == today else None
    try:
        data = data or load(root / "kbdata", today=today)
    except KbdataError as exc:
        errors.problems.extend(exc.problems)
        data = None
    # When kbdata has errors, the articles are still read, but nothing is checked against
    # kbdata: one mistake in kbdata is one message, not one more per article.
    groups: dict[str, set[str]] | None = {g["id"]: set() for g in data["groups"]} if data else None
    for service in data["services"] if data else ():
        groups.setdefault(service["group"], set()).add(service["id"])
    # kbdata names the languages; when it cannot, the articles are read in the folders there are.
    languages = tuple(data["languages"]) if data else tuple(sorted(
        p.name for p in (root / "docs").iterdir() if p.is_dir()) if (root / "docs").is_dir() else ())
    strings = data["strings"] if data else None
    found = articles_mod.scan(root / "docs", languages, groups, strings, errors, today)
    if errors:
        raise KbdataError(errors)
    model = kbdata_of.model if kbdata_of and kbdata_of.data is data else from_dict(data)
    return Site(root=root, data=data, model=model, articles=found, today=today)


_ACTIVE: list[Site] = []


def activate(site: Site) -> Site:
    """Make ``site`` the one this build renders (set by the MkDocs hook at on_config)."""
    _ACTIVE[:] = [site]
    return site


def active() -> Site:
    if not _ACTIVE:
        activate(load_site())
    return _ACTIVE[0]
