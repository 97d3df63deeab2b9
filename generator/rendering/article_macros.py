"""The macros an article may call, bound to the page being rendered, and the frame put around
an article once they ran. Plain Python: macros/check.py renders every page with them, for
`make check` and for the build's stage (generator/site/stage.py) alike.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from generator.data.kb import active
from generator.rendering import answers, calcforms, helpcentre, markup, pages, prices, render, retention
from generator.rendering.markup import RenderError

HEADING = re.compile(r"^## (.+?) \{#([a-z0-9-]+)\}\s*$", re.M)


@dataclass(frozen=True)
class PageContext:
    lang: str
    source: str  # the page's file under docs/<lang>/, e.g. "articles/funds-exhausted.md"
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:  # its site path, e.g. "articles/funds-exhausted/"
        return pages.url_of(self.source)


def article_index(L, href: markup.Href) -> str:
    """The articles of this language, by group (home page)."""
    site = active()
    html = []
    groups: dict[str, list] = {}
    for article in site.articles[L.code]:
        groups.setdefault(article.group, []).append(article)
    for group, articles in groups.items():
        items = "".join(f'<li><a href="{href(f"articles/{a.slug}/")}">{markup.esc(a.title)}</a></li>'
                        for a in articles)
        html.append(f'<h2 id="group-{group}">{markup.esc(L.t(f"articles.group.{group}"))}</h2><ul>{items}</ul>')
    return "\n".join(html)


PLAIN = [retention.service_timeline, retention.domain_periods, retention.reactivation, retention.tariff_changes,
         render.kb_list, prices.regulated_table, prices.price_table, prices.item_hours, prices.item_price,
         prices.rate, prices.rate_note, prices.coefficient, prices.formula, retention.legend,
         render.days_after, render.days_total, render.billing_name, render.renewal_hours,
         render.period_days, render.service_name, prices.item_name, prices.item_clause,
         calcforms.price_calculator, calcforms.balance_calculator]
LINKED = [retention.retention_matrix, render.service_link, render.service_index, article_index]


def page_macros(current: Callable[[], PageContext]) -> dict[str, Callable[..., str]]:
    """Every macro by name; ``current`` tells, at call time, which page is being rendered."""
    def bind(fn: Callable[..., str], with_href: bool) -> Callable[..., str]:
        positional = [p for p in list(inspect.signature(fn).parameters.values())[1:]  # after the language
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name != "href"]
        least = sum(p.default is p.empty for p in positional)

        def macro(*args: Any, **named: Any) -> str:
            if named:
                raise TypeError(f"{fn.__name__}() takes its arguments in order "
                                f"({', '.join(p.name for p in positional) or 'none'}), not by name ({', '.join(named)}=…)")
            if not least <= len(args) <= len(positional):  # in the article's words, not Python's
                count = f"{least}" if least == len(positional) else f"{least} to {len(positional)}"
                raise TypeError(f"{fn.__name__}() takes {count} argument{'s' if len(positional) != 1 else ''} "
                                f"({', '.join(p.name for p in positional) or 'none'}), got {len(args)}")
            page = current()
            L = active().lang(page.lang)
            if with_href:
                return fn(L, *args, href=pages.href_from(page.source))
            return fn(L, *args)
        macro.__name__ = macro.__qualname__ = fn.__name__
        macro.__doc__ = fn.__doc__
        return macro

    macros = {fn.__name__: bind(fn, False) for fn in PLAIN}
    macros.update({fn.__name__: bind(fn, True) for fn in LINKED})

    def deadline_calculator(service_id: str | None = None) -> str:
        """The deadline calculator of one service, or of the article's service groups (kb_services)."""
        page = current()
        return calcforms.deadline_calculator(active().lang(page.lang), service_id,
                                             groups=page.meta.get("kb_services") or ())
    macros["deadline_calculator"] = deadline_calculator

    def what_to_do(*service_ids: str) -> str:
        """'What to do now' for the services named, else for the article's service groups
        (kb_services): the sources' advice for each, the minimum top-up, whom to write to."""
        page = current()
        L = active().lang(page.lang)
        groups = page.meta.get("kb_services") or ()
        if not service_ids and not groups:
            raise RenderError("what_to_do() names its services, or the article has kb_services")
        services = ([calcforms.offered(L, sid, ())[0] for sid in service_ids] if service_ids
                    else calcforms.offered(L, None, groups))
        support = active().data["site"]["support"].get(page.meta.get("kb_group") or "")
        return answers.todo_block(L, answers.todo_items(L, services, support))
    macros["what_to_do"] = what_to_do

    def contents() -> str:
        """The article's sections (its '## ' headings), linked: on a phone the theme's table of
        contents is two taps away."""
        page = current()
        site = active()
        L = site.lang(page.lang)
        text = (site.root / "docs" / page.lang / page.source).read_text(encoding="utf-8")
        sections = HEADING.findall(text)
        if not sections:
            raise RenderError("contents(): the article has no '## Heading {#anchor}' sections")
        items = "".join(markup._tag("li", markup._tag("a", markup._e(title), href=f"#{anchor}")) for title, anchor in sections)
        return markup._tag("nav", markup._tag("p", markup._e(L.t("frame.contents")), class_="kb-contents__title")
                           + markup._tag("ul", items), class_="kb-contents", aria_label=L.t("frame.contents"))
    macros["contents"] = contents
    return macros


def frame(markdown: str, page: PageContext, site_url: str) -> tuple[str, str | None]:
    """The page's Markdown with its help-centre frame, and its title when the frame moved the
    '# ' heading from the top (an article: breadcrumbs come first)."""
    site = active()
    L = site.lang(page.lang)
    if not page.url.startswith("articles/"):  # the home page: printed, it says when
        return helpcentre.apply(markdown, helpcentre.Frame(end=helpcentre.print_line(L))), None
    slug = page.url.strip("/").rsplit("/", 1)[-1]
    article = next(a for a in site.articles[L.code] if a.slug == slug)
    framed = helpcentre.article_frame(L, article, site.articles[L.code], markdown, href=pages.href_from(page.source),
                                      support=site.data["site"]["support"], site_url=site_url)
    return helpcentre.apply(markdown, framed), article.title
