"""Render every page to the Markdown the engine gets: `make check` (writing nothing) and the
build's first stage (generator.site.stage, writing it) run the same code, so a check that passes
means the build's rendering passes too.

Every hand-written page goes through Jinja with the KB's macros (macros.article_macros) and
gets its frame; every generated page (services, prices, short links) is rendered. Problems are
located: a Jinja error or a failing macro call at the article's file:line, a UI string that
asks for a placeholder its caller does not give at the string's file:line.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any, Callable, Protocol

import jinja2

from calculators.errors import StringError
from generator.data import litter
from generator.data.articles import front_matter
from generator.data.errors import Errors, Place
from generator.data.kb import Site, activate
from generator.data.kbdata import string_places
from generator.data.settings import engine_settings
from generator.data.suggest import did_you_mean
from generator.data.yamlnodes import read_text
from generator.rendering import links, pages, template_mistakes
from generator.rendering.article_macros import PageContext, frame, page_macros
from generator.rendering.markup import RenderError

TEMPLATE = "<article>"  # the name Jinja gives the article's code: its frames carry the line


class Sink(Protocol):
    """Takes each rendered page: its path under docs/<lang>/, its Markdown and its front matter
    (YAML lines), or for a file that is not Markdown (front None) its whole text."""

    def __call__(self, lang: str, path: str, text: str, front: str | None) -> None: ...


def _discard(lang: str, path: str, text: str, front: str | None) -> None:
    """make check: rendering is the test; nothing is kept."""


TITLE_LINE = re.compile(r"^title:.*\n", re.MULTILINE)


def _with_title(front: str, title: str | None) -> str:
    """Front matter lines with ``title`` set (JSON is YAML: any title is one safe line)."""
    if not title:
        return front
    return TITLE_LINE.sub("", front) + f"title: {json.dumps(title, ensure_ascii=False)}\n"


# The articles' Jinja: '{%# … #%}' comments, since '{#id}' after a heading is an anchor. It
# keeps nothing of a page: the macros come with each render.
JINJA = jinja2.Environment(comment_start_string="{%#", comment_end_string="#%}",
                           undefined=jinja2.StrictUndefined, autoescape=False)


@functools.lru_cache(maxsize=1024)
def _compiled(body: str):
    """An article's template, compiled once per text (`make serve` renders the same texts again)."""
    return JINJA.compile(body, filename=TEMPLATE)


def _template_line(exc: BaseException) -> int | None:
    """The article line (of the text after front matter) where Jinja was when ``exc`` rose."""
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == TEMPLATE:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


# What an article written for the MkDocs macros plugin may use: the KB renders articles itself,
# before any engine, with its own macros only, and says so when one of these is asked for.
ENGINE_VARIABLES = ("page", "config", "environment", "plugin", "git", "files", "navigation", "now",
                    "fix_url", "macros_info", "context", "pretty")


def _undefined_hint(message: str, names: list[str]) -> str:
    """Jinja's "'fromula' is undefined", with the macro meant."""
    name = message.split("'")[1] if message.count("'") >= 2 else ""
    if name in ENGINE_VARIABLES:
        return (f"{message}: '{name}' belongs to the MkDocs macros plugin, which this KB does not use; an "
                f"article calls the KB's macros only (e.g. {', '.join(names[:3])}), the same for every engine")
    return message + did_you_mean(name, names)


def _string_problem(site: Site, exc: StringError, errors: Errors) -> None:
    place = string_places(site.root / "kbdata", exc.lang).get(exc.key, Place(f"kbdata/strings/{exc.lang}.yaml", 1, 1))
    given = ", ".join("{" + p + "}" for p in exc.given) or "none"
    errors.add(place, f"string '{exc.key}' uses {{{exc.missing}}}, which is not given where it is used "
                      f"(placeholders given: {given})")


def _page(site: Site, lang: str, path: Path, errors: Errors, sink: Sink, site_url: str, rendered: links.Pages) -> None:
    """Render one hand-written page (an article, the home page) and put its frame on."""
    label = path.relative_to(site.root).as_posix()
    text = read_text(path, label, Errors())  # not UTF-8: the article reader has said so
    if text is None:
        return
    text = text.removeprefix("\ufeff")
    found = front_matter(text)
    front, body_start = found if found else ("", 0)
    body = "\n".join(text.splitlines()[body_start:])
    source = path.relative_to(site.root / "docs" / lang).as_posix()
    article = next((a for a in site.articles[lang] if f"articles/{a.slug}.md" == source), None)
    page = PageContext(lang=lang, source=source, meta={"kb_services": article.services if article else (),
                                                       "kb_group": article.group if article else None})
    macros = page_macros(lambda: page)
    try:
        code = _compiled(body)
    except jinja2.TemplateSyntaxError as exc:
        line, column, message = template_mistakes.located(body, exc)
        errors.add(Place(label, body_start + line, column), message)
        return
    try:
        markdown = jinja2.Template.from_code(JINJA, code, {}).render(**macros)
        framed, title = frame(markdown, page, site_url)
    except StringError as exc:
        _string_problem(site, exc, errors)
    except (RenderError, jinja2.TemplateError, TypeError, ValueError, LookupError) as exc:
        message = str(exc) if not isinstance(exc, TypeError) else f"a macro was called wrongly: {exc}"
        if isinstance(exc, jinja2.UndefinedError):
            message = _undefined_hint(message, sorted(macros))
        errors.add(Place(label, body_start + (_template_line(exc) or 1), 1), message)
    except Exception as exc:  # anything else the page's own expressions raise ({{ 1/0 }})
        errors.add(Place(label, body_start + (_template_line(exc) or 1), 1),
                   f"the page's template failed: {type(exc).__name__}: {exc}")
    else:  # an article's title goes to front matter: its breadcrumbs now come before its '# ' heading
        rendered.written[source] = (label, text, body_start)
        sink(lang, source, framed, _with_title(front, title))


def _generated(site: Site, lang: str, errors: Errors, sink: Sink, site_url: str) -> None:
    calls: list[tuple[str, str, Callable[[], Any]]] = [
        (f"the page of service '{s.id}'", f"services/{s.id}.md", lambda s=s: pages.service_page(site, lang, s.id))
        for s in site.model.services]
    calls += [("the services page", "services/index.md", lambda: pages.services_page(site, lang)),
              ("the price list", "prices.md", lambda: pages.price_list_page(site, lang)),
              ("the short links' index", "id/index.md", lambda: pages.id_index_page(site, lang))]
    for what, path, call in calls:
        try:
            markdown = call()
        except StringError as exc:
            _string_problem(site, exc, errors)
        except (RenderError, ValueError, LookupError) as exc:
            errors.add(Place(f"kbdata ({lang}: {what})", 0, 0), str(exc))
        else:
            # Titled in front matter: its breadcrumbs come before the '# ' heading an engine would read.
            title = next((line[2:] for line in markdown.split("\n") if line.startswith("# ")), "")
            framed, _ = frame(markdown, PageContext(lang=lang, source=path), site_url)  # its printed-page line
            sink(lang, path, framed, _with_title("", re.sub(r"\s*\{#[^}]*\}\s*$", "", title)))
    for article in site.articles[lang]:
        sink(lang, f"id/{article.kb_id}/index.html",
             pages.redirect_page(f"../../articles/{article.slug}/", article.title, lang), None)


def markdown_extensions() -> list:
    """The Markdown extensions every engine is given (engine.yml), to read links as it does."""
    return engine_settings()["markdown_extensions"]


def render_all(site: Site, sink: Sink = _discard, site_url: Callable[[str], str] = lambda lang: "",
               languages: list[str] | None = None, *, only: dict[str, set[str]] | None = None,
               memory: dict[str, links.Pages] | None = None) -> Errors:
    """Render every page of every language (or of ``languages``) as the build does, handing each
    to ``sink``; collect what fails, the links of the hand-written pages included.
    ``site_url``: each language's address (canonical links, printed pages).

    `make serve` renders only what an edit changed: ``memory`` keeps each language's rendered
    pages from one call to the next, and ``only`` names, per language, the hand-written pages
    (their paths under docs/<lang>/) to render again; the others are taken from ``memory`` (a
    language it does not hold is rendered whole), and the links are checked across them all."""
    activate(site)
    errors = Errors()
    for lang in languages or site.data["languages"]:
        docs = site.root / "docs" / lang
        again = only.get(lang, set()) if only is not None and memory is not None and lang in memory else None
        rendered = memory[lang] if again is not None else links.Pages()
        rendered.files = {p.relative_to(docs).as_posix() for p in litter.files(docs) if p.suffix != ".md"}
        for source in again or ():
            rendered.forget(source)

        def keep(lang: str, path: str, text: str, front: str | None, rendered: links.Pages = rendered) -> None:
            rendered.markdown[path] = text
            sink(lang, path, text, front)

        written = [*sorted((docs / "articles").glob("*.md")), *[docs / "index.md"] * (docs / "index.md").is_file()]
        for path in written:
            if again is None or path.relative_to(docs).as_posix() in again:
                _page(site, lang, path, errors, keep, site_url(lang), rendered)
        if again is None:
            _generated(site, lang, errors, keep, site_url(lang))
        links.check(rendered, errors, markdown_extensions())
        if memory is not None:
            memory[lang] = rendered
    return errors
