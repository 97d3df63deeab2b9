"""Build-time adapter between kbdata and the site (mkdocs-macros ``module_name: macros``).

``define_env`` registers one macro per data-driven part of an article; each renders in
the page's language through ``macros.render``; ``on_post_page_macros`` frames each article
(``macros.helpcentre``). The rest of the package is plain Python.
"""

from __future__ import annotations

from typing import Any, Callable

from . import calcforms, helpcentre, pages, prices, render
from .site import active


def _bind(env: Any, fn: Callable[..., str], with_href: bool = False) -> Callable[..., str]:
    def macro(*args: Any) -> str:
        L = active().lang(env.conf["theme"]["language"])
        if with_href:
            return fn(L, *args, href=pages.href_from(env.page.url))
        return fn(L, *args)
    macro.__name__ = fn.__name__
    macro.__doc__ = fn.__doc__
    return macro


def article_index(L, href: render.Href) -> str:
    """The articles of this language, by group (home page)."""
    site = active()
    html = []
    groups: dict[str, list] = {}
    for article in site.articles[L.code]:
        groups.setdefault(article.group, []).append(article)
    for group, articles in groups.items():
        items = "".join(f'<li><a href="{href(f"articles/{a.slug}/")}">{render.esc(a.title)}</a></li>'
                        for a in articles)
        html.append(f'<h2 id="group-{group}">{render.esc(L.t(f"articles.group.{group}"))}</h2><ul>{items}</ul>')
    return "\n".join(html)


def define_env(env: Any) -> None:
    plain = [render.service_timeline, render.domain_periods, render.reactivation, render.tariff_changes,
             render.kb_list, prices.regulated_table, prices.price_table, prices.item_hours, prices.item_price,
             prices.rate, prices.rate_note, prices.coefficient, prices.formula, render.legend,
             render.days_after, render.days_total, render.billing_name, render.renewal_hours,
             render.period_days, render.service_name, prices.item_name, prices.item_clause]
    linked = [render.retention_matrix, render.service_link, render.service_index, article_index,
              calcforms.price_calculator, calcforms.balance_calculator]
    for fn in plain:
        env.macro(_bind(env, fn), fn.__name__)
    for fn in linked:
        env.macro(_bind(env, fn, with_href=True), fn.__name__)

    def deadline_calculator(service_id: str | None = None) -> str:
        """The deadline calculator of one service, or of the article's service groups (kb_services)."""
        L = active().lang(env.conf["theme"]["language"])
        return calcforms.deadline_calculator(L, service_id, href=pages.href_from(env.page.url),
                                             groups=env.page.meta.get("kb_services") or ())
    env.macro(deadline_calculator, "deadline_calculator")


def on_post_page_macros(env: Any) -> None:
    """An article gets the help-centre frame (macros.helpcentre) once its macros have run."""
    page = env.page
    site = active()
    L = site.lang(env.conf["theme"]["language"])
    if not page.file.src_uri.startswith("articles/"):  # the home page: printed, it says when
        env.markdown = helpcentre.apply(env.markdown, helpcentre.Frame(end=helpcentre.print_line(L)))
        return
    slug = page.file.src_uri.rsplit("/", 1)[-1].removesuffix(".md")
    article = next(a for a in site.articles[L.code] if a.slug == slug)
    frame = helpcentre.article_frame(L, article, site.articles[L.code], env.markdown,
                                     href=pages.href_from(page.url), support=site.data["site"]["support"],
                                     site_url=env.conf["site_url"] or "")
    env.markdown = helpcentre.apply(env.markdown, frame)
    # The breadcrumbs now come before the '# ' heading, where MkDocs looks for the title.
    page.meta["title"] = article.title
