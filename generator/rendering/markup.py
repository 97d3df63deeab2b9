"""The HTML every renderer writes with: escaped text, one tag, a lookup of an id that names
what was meant when kbdata has no such id (the build stops with that message)."""

from __future__ import annotations

from html import escape
from typing import Callable

from generator.data.suggest import did_you_mean

Href = Callable[[str], str]  # site path ("services/cloud-pro/") -> URL from the current page


class RenderError(ValueError):
    """A macro called with an id kbdata does not have: the build stops with this message."""


def _lookup(kind: str, key: str, table: dict) -> object:
    if key not in table:
        hint = did_you_mean(key, table)
        known = ", ".join(sorted(table)) or "none"
        raise RenderError(f"unknown {kind} '{key}'{hint}" if hint else f"unknown {kind} '{key}' (known: {known})")
    return table[key]


def esc(text: object) -> str:
    return escape(str(text), quote=True)


_e = esc

_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]#!"}
                          | {"{": "&#123;", "}": "&#125;", "&": "&amp;", "<": "&lt;", ">": "&gt;"})


def md_text(text: object) -> str:
    """kbdata text inside a Markdown line (a heading): shown as written, never as markup, so a
    '<', a '*' or a '{' in a service's name cannot turn into HTML, emphasis or attributes."""
    return str(text).translate(_MARKDOWN)


def _tag(tag: str, content: str, /, **attrs: str | None) -> str:
    """<tag attr="value">content</tag>; attribute names: for_ -> for, data_x -> data-x."""
    rendered = "".join(f' {k.rstrip("_").replace("_", "-")}="{_e(v)}"'
                       for k, v in attrs.items() if v is not None)
    return f"<{tag}{rendered}>{content}</{tag}>"
