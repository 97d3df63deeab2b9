"""`make check`: kbdata and every page of every language rendered as the build renders them,
writing nothing, in plain Python: no node, no Pyodide, no compression. The runtime the pages
name is the one the build would prepare, named without preparing it (generator.runtime.plan).
"""

from __future__ import annotations

from generator import runtime
from generator.data.errors import Errors
from generator.data.kb import Site
from generator.rendering.all_pages import render_all


def check(site: Site) -> Errors:
    """Every problem of every page, located; empty when the build's rendering would pass."""
    return render_all(site.with_runtime(runtime.plan(site.data)))


def summary(site: Site) -> str:
    return (f"kbdata and every page OK: {len(site.model.services)} services, {len(site.model.policies)} policies, "
            f"{len(site.model.prices.items())} paid items, "
            f"{sum(len(a) for a in site.articles.values())} articles in {', '.join(site.articles)}")
