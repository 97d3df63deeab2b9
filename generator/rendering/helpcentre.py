"""The help-centre frame around a page's text, in the page's language.

Above the title: breadcrumbs. Under it: when the article was last updated, and a notice when
the page shows sample values. Under the text: the article's short link, related articles and
how to reach support (kbdata/site.yaml: support). Plain functions returning HTML; articles get
the frame from macros.check (article_macros.frame), generated pages from generator.rendering.pages.
"""

from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from calculators.words import Lang
from generator.data.articles import Article
from generator.rendering import prices
from generator.rendering.markup import Href, _e, _tag

# Every part of the frame carries the class "kb-frame": search leaves it out of the index (the
# same words on every page would only crowd the results).
FRAME = "kb-frame"

# HTML that shows values computed from the norm-hour rate: price tables and rate notes carry
# this attribute, the price calculator is itself one. With a sample rate, the frame puts the
# sample notice at the top of such a page.
SAMPLE_MARKS = ("data-kb-prices", 'data-calc="price"')


@dataclass(frozen=True)
class Frame:
    """The parts of a page's frame, each HTML (or empty)."""
    above_title: str = ""
    below_title: str = ""
    end: str = ""


def apply(markdown: str, frame: Frame) -> str:
    """Put the frame around a page's Markdown: around its first '# ' heading, and at the end."""
    lines = markdown.split("\n")
    at = next((i for i, line in enumerate(lines) if line.startswith("# ")), None)
    if at is None:
        return markdown + ("\n\n" + frame.end if frame.end else "")
    head = lines[:at] + ([frame.above_title, ""] if frame.above_title else [])
    title = [lines[at], ""] + ([frame.below_title, ""] if frame.below_title else [])
    tail = lines[at + 1:] + (["", frame.end, ""] if frame.end else [])
    return "\n".join(head + title + tail)


def crumbs(L: Lang, trail: list[tuple[str, str | None]]) -> str:
    """Home › section › this page; the last step is the page itself (no link)."""
    items = []
    for label, href in trail:
        items.append(_tag("li", _tag("a", _e(label), href=href) if href else _e(label),
                          aria_current=None if href else "page"))
    return _tag("nav", _tag("ol", "".join(items)), class_="kb-frame kb-crumbs", aria_label=L.t("frame.crumbs"))


def updated_line(L: Lang, day: str | None) -> str:
    if not day:
        return ""
    when = _tag("time", _e(L.date(day)), datetime=day)
    return _tag("p", _e(L.t("frame.updated", date="\0")).replace("\0", when), class_="kb-frame kb-updated")


def sample_notice(L: Lang, html: str) -> str:
    """At the top of a page that shows sample prices: what that means, in a customer's words."""
    if not any(mark in html for mark in SAMPLE_MARKS) or not prices.current_rate(L).sample:
        return ""
    return _tag("div", _tag("p", _e(L.t("frame.sample_title")), class_="admonition-title")
                + _tag("p", _e(L.t("prices.sample"))), class_="kb-frame admonition info kb-sample-notice")


def print_line(L: Lang) -> str:
    """Filled in when the page is printed (assets/kb/print.js): where from, and when."""
    return _tag("p", "", class_="kb-frame kb-printed", data_template=L.t("frame.printed"),
                data_date=L.t("date.in_text"), lang=L.code)


def contact(L: Lang, channels: dict[str, str] | None) -> str:
    if not channels:
        return ""
    lines = []
    if "portal" in channels:
        url = channels["portal"]
        link = _tag("a", _e(urlsplit(url).netloc or url), href=url)
        lines.append(_e(L.t("frame.contact_portal", link="\0")).replace("\0", link))
        if "category" in channels:
            category = channels["category"]
            category = category if isinstance(category, str) else L.text(category)
            lines.append(_e(L.t("frame.contact_category", category=category)))
    if "email" in channels:
        link = _tag("a", _e(channels["email"]), href=f"mailto:{channels['email']}")
        key = "frame.contact_email" if lines else "frame.contact_email_only"
        lines.append(_e(L.t(key, email="\0")).replace("\0", link))
    return _tag("section", _tag("h2", _e(L.t("frame.contact_title")), id="contact-support")
                + "".join(_tag("p", line) for line in lines), class_="kb-frame kb-contact")


def related(L: Lang, articles: list[Article], href: Href) -> str:
    if not articles:
        return ""
    items = "".join(_tag("li", _tag("a", _e(a.title), href=href(f"articles/{a.slug}/"))) for a in articles)
    return _tag("section", _tag("h2", _e(L.t("frame.related")), id="related") + _tag("ul", items),
                class_="kb-frame kb-related")


def short_link(L: Lang, article: Article, href: Href, site_url: str) -> str:
    """The article's permanent short link (id/<kb_id>/), which outlives a renamed slug."""
    path = f"id/{article.kb_id}/"
    shown = (site_url.rstrip("/") + "/" + path) if site_url else path
    link = _tag("a", _e(shown), href=href(path))
    return _tag("p", _e(L.t("frame.short_link", id=article.kb_id, link="\0")).replace("\0", link),
                class_="kb-frame kb-short-link")


def related_articles(article: Article, everyone: list[Article]) -> list[Article]:
    """Other articles about the same services, the most shared first."""
    mine = set(article.covers)
    scored = [(len(mine & set(a.covers)), i, a) for i, a in enumerate(everyone)
              if a.slug != article.slug and mine & set(a.covers)]
    return [a for _, _, a in sorted(scored, key=lambda s: (-s[0], s[1]))]


@functools.lru_cache(maxsize=None)
def last_commit_day(path: Path) -> str | None:
    """The day (YYYY-MM-DD) of the last commit that changed the file's words: a commit that only
    re-wraps or re-generates the same text does not count. None outside a git work tree, or where
    the history is cut short (a shallow clone's first commit would date every file)."""
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", *args], cwd=path.parent, capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout if done.returncode == 0 else None

    log = git("log", "--format=%H %cs %P", "--", path.name)
    if not log:
        return None
    def words(rev: str) -> str | None:
        text = git("show", f"{rev}:./{path.name}")
        return None if text is None else " ".join(text.split())

    commits = [line.split(" ", 2) for line in log.splitlines()]
    new = words(commits[0][0])
    for i, (commit, day, parents) in enumerate(commits):
        before = commits[i + 1][0] if i + 1 < len(commits) else (parents.split()[0] if parents else None)
        if before is None:  # the file's first commit, if the history really starts there
            shallow = (git("rev-parse", "--is-shallow-repository") or "").strip() == "true"
            return None if shallow and not parents else day
        old = words(before)
        if old is None or old != new:
            return day
        new = old  # each version is read once
    return None


def article_frame(L: Lang, article: Article, everyone: list[Article], html: str, *, href: Href,
                  support: dict, site_url: str) -> Frame:
    group = L.t(f"articles.group.{article.group}")
    above = crumbs(L, [(L.t("nav.home"), href("./")), (group, href("./") + f"#group-{article.group}"),
                       (article.title, None)])
    below = updated_line(L, article.updated or last_commit_day(article.path)) + sample_notice(L, html)
    end = (short_link(L, article, href, site_url) + related(L, related_articles(article, everyone), href)
           + contact(L, support.get(article.group)) + print_line(L))
    return Frame(above_title=above, below_title=below, end=end)


def page_frame(L: Lang, trail: list[tuple[str, str]], html: str, *, href: Href, end: str = "") -> Frame:
    """A generated page (services, prices, ids): breadcrumbs from home, the sample notice."""
    steps = [(L.t("nav.home"), href("./"))] + [(label, href(path)) for label, path in trail[:-1]]
    return Frame(above_title=crumbs(L, steps + [(trail[-1][0], None)]), below_title=sample_notice(L, html),
                 end=end + print_line(L))
