"""Pages the KB generates from data: one per service, the price list, permanent-id redirects,
and the navigation. Plain Markdown/HTML strings; the MkDocs hook only adds them as files.
"""

from __future__ import annotations

import posixpath
from html import escape
from typing import Any

from generator.data.kb import Site, active
from generator.rendering import answers, calcforms, helpcentre, markup, prices, render, retention


def url_of(source: str) -> str:
    """The site path of the page written in ``source`` (under docs/<lang>/): articles/x.md -> articles/x/."""
    return source.removesuffix("index.md") if source.endswith("index.md") else source.removesuffix(".md") + "/"


def href_from(source: str) -> markup.Href:
    """Site path -> URL relative to the page written in ``source`` (works under any sub-path).

    MkDocs and ProperDocs copy a link in raw HTML as it is written, so it is relative to the page's
    address; Zensical reads it as relative to the page's source file, as a Markdown link, and
    rewrites it (active().links_from_source)."""
    here = posixpath.dirname(source) if active().links_from_source else url_of(source).rstrip("/")

    def href(target: str) -> str:
        path, _, fragment = target.partition("#")
        rel = posixpath.relpath(path.rstrip("/") or ".", here or ".")
        url = "./" if rel == "." else rel + ("/" if path.endswith("/") else "")
        return url + (f"#{fragment}" if fragment else "")
    return href


def service_page(site: Site, lang: str, service_id: str) -> str:
    L = site.lang(lang)
    service = retention.service_by_id(L, service_id)
    policy = L.model.policies[service.policy]
    group = next(g for g in L.model.groups if g.id == service.group)
    billing = ", ".join(L.text(L.model.billing[b]["name"]) for b in service.billing)
    # Billing kinds the sources do not give are left out, never announced as missing.
    billing_words = (f' {escape(L.t("service.billing" if len(service.billing) > 1 else "service.billing_one"))}: '
                     f'{escape(billing)}.' if billing else "")
    parts = [
        f"# {markup.md_text(L.text(service.name))} {{#top}}",
        "",
        f'<p class="kb-meta">{escape(L.t("service.group"))}: {escape(L.text(group.name))}.{billing_words}</p>',
        "",
        f"## {L.t('service.timeline')} {{#timeline}}",
        "",
        retention.service_timeline(L, service.id),
        "",
        f"## {L.t('calc.ui.title_timeline')} {{#calculator}}",
        "",
        calcforms.deadline_calculator(L, service.id),
        "",
    ]
    for option in policy.options:  # e.g. monthly licences: off on the 1st even if prepaid
        parts += [f'<p class="kb-option"><strong>{escape(L.text(option.name))}.</strong> {escape(L.text(option.note))}</p>', ""]
    article = site.article_for_group(lang, service.group)
    if article is not None:
        link = f"../articles/{article.slug}.md"
        parts.append(f"{L.t('service.article')}: [{article.title}]({link})")
        if group.matrix:
            parts += ["", f"[{L.t('service.matrix_row')}]({link}#{service.id})"]
        parts.append("")
    href = href_from(f"services/{service.id}.md")
    about = [a for a in site.articles[lang] if service.id in a.covers and a is not article]
    support = site.data["site"]["support"].get(article.group if article else "")
    if support is None and about:
        support = site.data["site"]["support"].get(about[0].group)
    parts[4:4] = [answers.service_answer(L, service, support), ""]  # the answer first, under the title
    markdown = "\n".join(parts)
    end = helpcentre.related(L, about, href) + helpcentre.contact(L, support)
    return helpcentre.apply(markdown, helpcentre.page_frame(
        L, [(L.t("nav.services"), "services/"), (L.text(service.name), "")], markdown, href=href, end=end))


def services_page(site: Site, lang: str) -> str:
    """services/: every service by group. Service pages are reached from here, from the
    matrices and from search, not from the sidebar: a section of thousands of siblings would
    be rendered into every page of it and make the build quadratic."""
    L = site.lang(lang)
    markdown = "\n".join([f"# {L.t('nav.services')} {{#top}}", "", L.t("home.services_intro"), "",
                           render.service_index(L, href_from("services/index.md"), heading="h2"), ""])
    return helpcentre.apply(markdown, helpcentre.page_frame(L, [(L.t("nav.services"), "")], markdown,
                                                            href=href_from("services/index.md")))


def price_list_page(site: Site, lang: str) -> str:
    L = site.lang(lang)
    parts = [f"# {L.t('price_list.title')} {{#top}}", "", L.t("price_list.intro"), "", prices.formula(L), "",
             f"## {L.t('price_list.regulated')} {{#regulated}}", "", prices.regulated_table(L), ""]
    for table in L.model.prices.tables:
        parts += [f"## {L.text(table.name)} {{#{table.id}}}", "", prices.price_table(L, table.id), ""]
    article = next((a for a in site.articles[lang] if a.group == "paid"), None)
    if article is not None:
        parts.append(f"{L.t('service.article')}: [{article.title}](articles/{article.slug}.md)")
    markdown = "\n".join(parts) + "\n"
    support = site.data["site"]["support"].get(article.group) if article else None
    return helpcentre.apply(markdown, helpcentre.page_frame(L, [(L.t("nav.prices"), "")], markdown,
                                                            href=href_from("prices.md"), end=helpcentre.contact(L, support)))


def redirect_page(target: str, title: str, lang: str) -> str:
    """A permanent-id short link (id/1171/) that forwards to the article.

    A support agent's short link may carry a calculator's query and a row anchor
    (id/1173/?service=domain#calc-timeline): assets/kb/redirect.js forwards both. Without
    JavaScript the refresh in <noscript> still reaches the article.
    """
    t = escape(target, quote=True)
    return (f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<script src="../../assets/kb/redirect.js" data-target="{t}"></script>'
            f'<noscript><meta http-equiv="refresh" content="0; url={t}"></noscript><link rel="canonical" href="{t}">'
            f'</head><body><p><a href="{t}">{escape(title)}</a></p></body></html>\n')


def id_index_page(site: Site, lang: str) -> str:
    """id/: every article by its permanent number, where an unknown short id's 404 page points."""
    L = site.lang(lang)
    items = [f"- [{L.t('ids.entry', id=a.kb_id)} {a.title}](../articles/{a.slug}.md)"
             for a in sorted(site.articles[lang], key=lambda a: a.kb_id)]
    markdown = "\n".join([f"# {L.t('ids.title')} {{#top}}", "", L.t("ids.intro"), "", *items, ""])
    return helpcentre.apply(markdown, helpcentre.page_frame(L, [(L.t("ids.title"), "")], markdown,
                                                            href=href_from("id/index.md")))


def nav(site: Site, lang: str) -> list[Any]:
    """Home, the article groups, the services, the price list: built from data and front matter."""
    L = site.lang(lang)
    entries: list[Any] = [{L.t("nav.home"): "index.md"}]
    groups: dict[str, list[dict[str, str]]] = {}
    for article in site.articles[lang]:  # titled here: a page the engine did not rebuild (serve) keeps its name
        groups.setdefault(article.group, []).append({article.title: f"articles/{article.slug}.md"})
    for group, paths in groups.items():
        entries.append({L.t(f"articles.group.{group}"): paths})
    entries.append({L.t("nav.services"): "services/index.md"})
    entries.append({L.t("nav.prices"): "prices.md"})
    return entries
