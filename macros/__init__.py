"""Build-time adapter between kbdata and the site (mkdocs-macros ``module_name: macros``).

``define_env`` registers the macros of ``macros.article_macros``, each rendering in the page's
language; ``on_post_page_macros`` frames each page (``macros.helpcentre``). Everything else
in the package is plain Python, which `make check` runs without the engine.
"""

from __future__ import annotations

from typing import Any

from .article_macros import PageContext, frame, page_macros


def _page(env: Any) -> PageContext:
    return PageContext(lang=env.conf["theme"]["language"], url=env.page.url, meta=env.page.meta)


def define_env(env: Any) -> None:
    for name, macro in page_macros(lambda: _page(env)).items():
        env.macro(macro, name)


def on_post_page_macros(env: Any) -> None:
    env.markdown, title = frame(env.markdown, _page(env), env.conf["site_url"] or "")
    if title:  # the breadcrumbs now come before the '# ' heading, where MkDocs looks for the title
        env.page.meta["title"] = title
