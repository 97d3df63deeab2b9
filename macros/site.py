"""The KB as the site sees it: validated kbdata, the model, the articles, one Lang per language.

Loaded once per process and shared by the MkDocs hooks and macros; plain Python, so a
successor engine can call the same functions.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from calculators.model import Model, from_dict
from calculators.words import Lang

from . import articles as articles_mod, runtime
from .errors import Errors, KbdataError, Place
from .kbdata import load

ROOT = Path(__file__).resolve().parent.parent


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
    # or from its address (MkDocs, ProperDocs). macros.pages.href_from writes links for it.
    links_from_source: bool = False

    def lang(self, code: str) -> Lang:
        return Lang(code=code, model=self.model, strings=self.data["strings"][code], today=self.today)

    @cached_property
    def runtime(self) -> runtime.Runtime:
        """Where the calculators' runtime is and what it costs (built once, then cached)."""
        return runtime.prepare(self.data)

    def for_engine(self, links_from_source: bool) -> "Site":
        """This site, its links written for an engine that reads them from the source file."""
        if links_from_source == self.links_from_source:
            return self
        other = dataclasses.replace(self, links_from_source=links_from_source)
        if "runtime" in self.__dict__:  # built once per process: not again
            other.__dict__["runtime"] = self.__dict__["runtime"]
        return other

    def article_for_group(self, code: str, group: str) -> articles_mod.Article | None:
        return next((a for a in self.articles[code] if group in a.services), None)


def load_site(root: Path = ROOT) -> Site:
    """Validate kbdata and the articles; raise KbdataError listing every problem."""
    errors = Errors()
    try:
        today = build_today()
    except ValueError:
        errors.add(Place("KB_TODAY", 0, 0), f"KB_TODAY={os.environ.get('KB_TODAY')!r} is not a date like 2026-11-24")
        today = ""
    try:
        data = load(root / "kbdata", today=today)
    except KbdataError as exc:
        errors.problems.extend(exc.problems)
        data = None
    # When kbdata has errors, the articles are still read, but nothing is checked against
    # kbdata: one mistake in kbdata is one message, not one more per article.
    groups: dict[str, set[str]] | None = {g["id"]: set() for g in data["groups"]} if data else None
    for service in data["services"] if data else ():
        groups.setdefault(service["group"], set()).add(service["id"])
    languages = tuple(data["languages"]) if data else ("ru", "pl")
    strings = data["strings"] if data else None
    found = articles_mod.scan(root / "docs", languages, groups, strings, errors, today)
    if errors:
        raise KbdataError(errors)
    return Site(root=root, data=data, model=from_dict(data), articles=found, today=today)


_ACTIVE: list[Site] = []


def activate(site: Site) -> Site:
    """Make ``site`` the one this build renders (set by the MkDocs hook at on_config)."""
    _ACTIVE[:] = [site]
    return site


def active() -> Site:
    if not _ACTIVE:
        activate(load_site())
    return _ACTIVE[0]
