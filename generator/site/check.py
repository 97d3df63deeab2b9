"""`make check`: kbdata and every page of every language rendered as the build renders them,
and the theme's overrides read as the engine will read them, writing nothing, in plain Python:
no node, no Pyodide, no compression. The runtime the pages name is the one the build would
prepare, named without preparing it (generator.runtime.plan).
"""

from __future__ import annotations

import jinja2

from generator import ROOT, runtime
from generator.data import litter
from generator.data.errors import Errors, Place
from generator.data.kb import Site
from generator.rendering.all_pages import render_all

OVERRIDES = "overrides"


def check(site: Site) -> Errors:
    """Every problem of every page, located; empty when the build's rendering would pass."""
    errors = render_all(site.with_runtime(runtime.plan(site.data)))
    errors.problems += theme_errors().problems
    return errors


def theme_errors() -> Errors:
    """The overrides' Jinja syntax (every engine reads them as Jinja templates), located."""
    errors = Errors()
    env = jinja2.Environment(extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"])
    for path in sorted(litter.files(ROOT / OVERRIDES)):
        if path.suffix != ".html":
            continue
        label = path.relative_to(ROOT).as_posix()
        try:
            env.parse(path.read_text(encoding="utf-8"), filename=label)
        except UnicodeDecodeError:
            errors.add(Place(label, 1, 1), "not UTF-8 text: save it as UTF-8")
        except jinja2.TemplateSyntaxError as exc:
            errors.add(Place(label, exc.lineno or 1, 1), f"template syntax error: {exc.message}")
    return errors


def summary(site: Site) -> str:
    return (f"kbdata and every page OK: {len(site.model.services)} services, {len(site.model.policies)} policies, "
            f"{len(site.model.prices.items())} paid items, "
            f"{sum(len(a) for a in site.articles.values())} articles in {', '.join(site.articles)}")
