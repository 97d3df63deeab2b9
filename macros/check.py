"""`make check`: render everything the build renders, without the engine and without writing.

Every article goes through Jinja with the macros the build uses (macros.article_macros) and
gets its frame; every generated page (services, prices, short links' index) is rendered; so a
check that passes means the build's rendering passes too. Problems are located: a Jinja
error or a failing macro call at the article's file:line, a UI string that asks for a
placeholder its caller does not give at the string's file:line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import jinja2

from calculators.errors import StringError

from . import pages
from .article_macros import PageContext, frame, page_macros
from .articles import front_matter
from .errors import Errors, Place
from .kbdata import string_places
from .render import RenderError
from .site import Site, activate
from .suggest import did_you_mean
from .yamlnodes import read_text

TEMPLATE = "<article>"  # the name Jinja gives the article's code: its frames carry the line


def jinja_env() -> jinja2.Environment:
    """Jinja as mkdocs.yml configures the macros plugin ('{#id}' is an anchor, not a comment)."""
    return jinja2.Environment(comment_start_string="{%#", comment_end_string="#%}",
                              undefined=jinja2.StrictUndefined, autoescape=False)


def _template_line(exc: BaseException) -> int | None:
    """The article line (of the text after front matter) where Jinja was when ``exc`` rose."""
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == TEMPLATE:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


# Variables the MkDocs macros plugin adds: an article that used them would render under that
# plugin only, so articles call the KB's macros alone, and the check says why a name is unknown.
ENGINE_VARIABLES = ("page", "config", "environment", "plugin", "git", "files", "navigation", "now",
                    "fix_url", "macros_info", "context", "pretty")


def _undefined_hint(message: str, names: list[str]) -> str:
    """Jinja's "'fromula' is undefined", with the macro meant."""
    name = message.split("'")[1] if message.count("'") >= 2 else ""
    if name in ENGINE_VARIABLES:
        return (f"{message}: '{name}' belongs to the MkDocs macros plugin; an article calls the KB's "
                f"macros only (e.g. {', '.join(names[:3])}), so that every engine renders it the same")
    return message + did_you_mean(name, names)


def _string_problem(site: Site, exc: StringError, errors: Errors) -> None:
    place = string_places(site.root / "kbdata", exc.lang).get(exc.key, Place(f"kbdata/strings/{exc.lang}.yaml", 1, 1))
    given = ", ".join("{" + p + "}" for p in exc.given) or "none"
    errors.add(place, f"string '{exc.key}' uses {{{exc.missing}}}, which is not given where it is used "
                      f"(placeholders given: {given})")


def _page(site: Site, lang: str, path: Path, url: str, errors: Errors) -> None:
    """Render one hand-written page (an article, the home page) and put its frame on."""
    label = path.relative_to(site.root).as_posix()
    text = read_text(path, label, Errors())  # not UTF-8: the article reader has said so
    if text is None:
        return
    text = text.removeprefix("\ufeff")
    found = front_matter(text)
    body_start = found[1] if found else 0
    body = "\n".join(text.splitlines()[body_start:])
    article = next((a for a in site.articles[lang] if f"articles/{a.slug}/" == url), None)
    page = PageContext(lang=lang, url=url, meta={"kb_services": article.services if article else ()})
    macros = page_macros(lambda: page)
    env = jinja_env()
    try:
        code = env.compile(body, filename=TEMPLATE)
    except jinja2.TemplateSyntaxError as exc:
        errors.add(Place(label, body_start + (exc.lineno or 1), 1), f"template syntax error: {exc.message}")
        return
    try:
        markdown = jinja2.Template.from_code(env, code, {}).render(**macros)
        frame(markdown, page, "")
    except StringError as exc:
        _string_problem(site, exc, errors)
    except (RenderError, jinja2.TemplateError, TypeError, ValueError, LookupError) as exc:
        message = str(exc) if not isinstance(exc, TypeError) else f"a macro was called wrongly: {exc}"
        if isinstance(exc, jinja2.UndefinedError):
            message = _undefined_hint(message, sorted(macros))
        errors.add(Place(label, body_start + (_template_line(exc) or 1), 1), message)


def _generated(site: Site, lang: str, errors: Errors) -> None:
    calls: list[tuple[str, Callable[[], Any]]] = [
        (f"the page of service '{s.id}'", lambda s=s: pages.service_page(site, lang, s.id)) for s in site.model.services]
    calls += [("the services page", lambda: pages.services_page(site, lang)),
              ("the price list", lambda: pages.price_list_page(site, lang)),
              ("the short links' index", lambda: pages.id_index_page(site, lang))]
    for what, call in calls:
        try:
            call()
        except StringError as exc:
            _string_problem(site, exc, errors)
        except (RenderError, ValueError, LookupError) as exc:
            errors.add(Place(f"kbdata ({lang}: {what})", 0, 0), str(exc))


def render_all(site: Site) -> Errors:
    """Render every page of every language as the build would; collect what fails."""
    activate(site)
    errors = Errors()
    for lang in site.data["languages"]:
        docs = site.root / "docs" / lang
        for path in sorted((docs / "articles").glob("*.md")):
            _page(site, lang, path, f"articles/{path.stem}/", errors)
        if (docs / "index.md").is_file():
            _page(site, lang, docs / "index.md", "", errors)
        _generated(site, lang, errors)
    return errors
