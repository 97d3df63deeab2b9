"""The links an author writes in a page, checked as the engine will (strict: a broken link
stops the build), so that `make check` finds them first, at the page's file:line.

The links are read as the engine reads them: the page's Markdown goes through Python-Markdown
with engine.yml's extensions, and the links are those of the resulting tree (inline and
reference links, images; not code, not raw HTML, which the engine does not check either).

A link goes to another site (https://…, mailto:…), to a place in the same page (#anchor), or
to a page's Markdown file relative to this one (../prices.md, funds-exhausted.md#dns) or a
file beside the pages (img/scheme.png). Anchors are the explicit ones ({#id} after a heading)
and the ids in the HTML the macros write (a table row's #dns, a calculator's #calc-price).
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field

import markdown
from markdown.treeprocessors import Treeprocessor

from generator.data.errors import Errors, Place
from generator.data.settings import engine_problem
from generator.data.suggest import did_you_mean

IDS = re.compile(r"""\{\s*#([A-Za-z0-9_:.-]+)[^}]*\}|\sid="([^"]+)\"""")
EXTERNAL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass
class Pages:
    """One language's rendered pages (by their file under docs/<lang>/) and its other files."""

    markdown: dict[str, str] = field(default_factory=dict)
    written: dict[str, tuple[str, str, int]] = field(default_factory=dict)  # hand-written: label, source text, body start
    files: set[str] = field(default_factory=set)
    _ids: dict[str, set[str]] = field(default_factory=dict)

    def forget(self, page: str) -> None:
        """``page`` is rendered again: what was read of it goes."""
        for known in (self.markdown, self.written, self._ids):
            known.pop(page, None)

    def ids(self, page: str) -> set[str]:
        """The anchors of a page (read once: every link to it asks)."""
        if page not in self._ids:
            self._ids[page] = {a or b for a, b in IDS.findall(self.markdown.get(page, ""))}
        return self._ids[page]


class _Collect(Treeprocessor):
    def run(self, root):  # type: ignore[no-untyped-def]
        self.md.kb_links = [(el.tag == "img", el.get("src" if el.tag == "img" else "href") or "")
                            for el in root.iter() if el.tag in ("a", "img")]


_LINKS: dict[str, list[tuple[bool, str]]] = {}  # a page's Markdown -> its links (`make serve`: pages unchanged)


def links_of(text: str, extensions: list) -> list[tuple[bool, str]]:
    """(is an image, target) of every link in Markdown ``text``, as Python-Markdown reads them."""
    key = json.dumps(extensions, sort_keys=True) + "\0" + text
    if key not in _LINKS:
        if len(_LINKS) > 256:
            _LINKS.clear()
        _LINKS[key] = _read_links(text, extensions)
    return list(_LINKS[key])


def _read_links(text: str, extensions: list) -> list[tuple[bool, str]]:
    names = [e if isinstance(e, str) else next(iter(e)) for e in extensions]
    configs = {next(iter(e)): next(iter(e.values())) for e in extensions if isinstance(e, dict)}
    try:
        md = markdown.Markdown(extensions=names, extension_configs=configs)
    except Exception:  # one of engine.yml's extensions: which one, and why
        for name in names:
            try:
                markdown.Markdown(extensions=[name], extension_configs={name: configs[name]} if name in configs else {})
            except Exception as exc:
                raise engine_problem(name, f"Markdown extension '{name}' cannot be loaded: {exc}") from None
        raise
    md.treeprocessors.register(_Collect(md), "kb_links", 0)  # last: after the inline patterns
    md.convert(text)
    return md.kb_links  # type: ignore[attr-defined,no-any-return]


def _place(label: str, text: str, target: str, start: int) -> Place:
    """Where ``target`` is written in the source (after the front matter), at its column."""
    lines = text.split("\n")
    for number in range(start, len(lines)):
        column = lines[number].find(target)
        if column >= 0:
            return Place(label, number + 1, column + 1)
    return Place(label, start + 1, 1)


def check(pages: Pages, errors: Errors, extensions: list) -> None:
    for source, (label, text, start) in pages.written.items():
        _twice(pages.markdown.get(source, ""), label, text, start, errors)
        here = posixpath.dirname(source)
        for image, target in links_of(pages.markdown.get(source, ""), extensions):
            if not target or EXTERNAL.match(target):
                continue
            problem = _problem(pages, source, here, target, image)
            if problem:
                errors.add(_place(label, text, target, start), problem)


def _twice(markdown_text: str, label: str, text: str, start: int, errors: Errors) -> None:
    """An id a page has twice (a heading's {#cloud-pro} and the table row the macros give that
    service): a link to it lands on the first. Said at the author's anchor when one is written."""
    seen: set[str] = set()
    for found in (a or b for a, b in IDS.findall(markdown_text)):
        if found in seen:
            written = re.search(r"\{\s*#" + re.escape(found) + r"\s*\}", text)
            where = _place(label, text, written.group(0), start) if written else Place(label, start + 1, 1)
            errors.add(where, f"the anchor '{found}' is also the id of something else on this page (a table row or a "
                              f"calculator the macros write): a link to #{found} would land on the first; "
                              f"choose another anchor")
        seen.add(found)


def _problem(pages: Pages, source: str, here: str, target: str, image: bool) -> str | None:
    path, _, anchor = target.partition("#")
    if target.startswith("/"):
        return (f"the link '{target}' starts at the site's root: write it relative to this page's file "
                f"(e.g. ../prices.md), so that it works at any address")
    if not path:
        if anchor in pages.ids(source):
            return None
        return f"the link '{target}' names no anchor of this page{did_you_mean(anchor, pages.ids(source))}"
    resolved = posixpath.normpath(posixpath.join(here, path))
    if path.endswith(".md"):
        if resolved not in pages.markdown:
            near = [posixpath.relpath(page, here or ".") for page in pages.markdown]
            return f"the link '{target}' leads to no page{did_you_mean(posixpath.relpath(resolved, here or '.'), near)}"
        if anchor and anchor not in pages.ids(resolved):
            return f"the link '{target}': {resolved} has no anchor '{anchor}'{did_you_mean(anchor, pages.ids(resolved))}"
        return None
    if resolved in pages.files:
        return None
    page = resolved.rstrip("/") + ".md"
    if not image and (page in pages.markdown or posixpath.join(resolved, "index.md") in pages.markdown):
        name = posixpath.relpath(page if page in pages.markdown else posixpath.join(resolved, "index.md"), here or ".")
        return f"the link '{target}' names a page's address: link to its file, {name}{'#' + anchor if anchor else ''}"
    return f"the link '{target}' leads to no page and no file beside the pages"
