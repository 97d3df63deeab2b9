"""Typed reads from positioned YAML nodes; each failed read records one error and returns None.

Messages say what was expected and what was found, in the words a KB author uses.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Iterable

from .errors import Errors
from .suggest import did_you_mean
from .yamlnodes import Map, Node, Scalar, Seq

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
INTEGER = re.compile(r"^[+-]?[0-9]+$")
# Sane sizes (kbdata/schema/*.json states the same): larger numbers are typos, and they would
# overflow dates and prices further on.
WHOLE_MAX = 100_000
DECIMAL_MAX = 1_000_000_000
DECIMAL_PLACES = 4
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DECIMAL = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
SPACES = re.compile(r"[ \t\r\n\f\v]+")


def collapse_spaces(text: str) -> str:
    """A YAML text as one line: runs of spaces and line breaks become one space. A no-break
    space (U+00A0, U+202F) is kept: an author writes it to keep "4 MB" together."""
    return SPACES.sub(" ", text).strip()


def found(node: Node) -> str:
    """How a value reads in a message: `got -3`, `got a list`."""
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    assert isinstance(node, Scalar)
    if node.is_null:
        return "nothing"
    text = node.text if len(node.text) <= 40 else node.text[:37] + "..."
    return repr(text) if not node.plain or not text else text


class Reader:
    def __init__(self, errors: Errors, languages: tuple[str, ...]) -> None:
        self.errors = errors
        self.languages = languages

    def fail(self, node: Node, message: str) -> None:
        self.errors.add(node.place, message)

    # --- structure -------------------------------------------------------------------

    def map(self, node: Node | None, what: str) -> Map | None:
        if isinstance(node, Map):
            return node
        if node is not None:
            self.fail(node, f"{what} must be a mapping of 'key: value' lines, got {found(node)}")
        return None

    def seq(self, node: Node | None, what: str) -> Seq | None:
        if isinstance(node, Seq):
            return node
        if node is not None:
            self.fail(node, f"{what} must be a list ('- ...' lines), got {found(node)}")
        return None

    def keys(self, node: Map, what: str, required: Iterable[str], optional: Iterable[str] = ()) -> bool:
        """Unknown keys and missing required keys are errors; True when all required exist."""
        required = list(required)
        allowed = set(required) | set(optional)
        for key, _ in node.entries:
            if key.text not in allowed:
                choices = ", ".join(sorted(allowed))
                self.fail(key, f"unknown field '{key.text}' in {what} (expected one of: {choices})")
        ok = True
        for name in required:
            if node.get(name) is None:
                self.fail(node, f"{what} is missing the field '{name}'")
                ok = False
        return ok

    # --- scalars ---------------------------------------------------------------------

    def scalar(self, node: Node | None, what: str) -> Scalar | None:
        if isinstance(node, Scalar) and not node.is_null:
            return node
        if node is not None:
            self.fail(node, f"{what} must be a single value, got {found(node)}")
        return None

    def string(self, node: Node | None, what: str) -> str | None:
        s = self.scalar(node, what)
        if s is None:
            return None
        if not s.text.strip():
            self.fail(s, f"{what} must not be empty")
            return None
        return s.text.strip()

    def slug(self, node: Node | None, what: str) -> str | None:
        s = self.scalar(node, what)
        if s is None:
            return None
        if not SLUG.fullmatch(s.text):
            self.fail(s, f"{what} must be a lower-case ASCII slug like 'cloud-pro', got {found(s)}"
                         f"{did_you_mean(s.text, ())}")
            return None
        return s.text

    def choice(self, node: Node | None, what: str, choices: Iterable[str]) -> str | None:
        s = self.scalar(node, what)
        if s is None:
            return None
        choices = list(choices)
        if s.text not in choices:
            self.fail(s, f"{what} must be one of {', '.join(choices)}; got {found(s)}{did_you_mean(s.text, choices)}")
            return None
        return s.text

    def boolean(self, node: Node | None, what: str) -> bool | None:
        s = self.scalar(node, what)
        if s is None:
            return None
        if s.plain and s.text in ("true", "false"):
            return s.text == "true"
        self.fail(s, f"{what} must be true or false, got {found(s)}")
        return None

    def whole(self, node: Node | None, what: str, minimum: int = 0, maximum: int = WHOLE_MAX) -> int | None:
        s = self.scalar(node, what)
        if s is None:
            return None
        if not (s.plain and INTEGER.match(s.text)) or int(s.text) < minimum:
            self.fail(s, f"{what} must be a whole number >= {minimum}, got {found(s)}")
            return None
        if len(s.text) > 12 or int(s.text) > maximum:
            self.fail(s, f"{what} must be at most {maximum}, got {found(s)}")
            return None
        return int(s.text)

    def decimal(self, node: Node | None, what: str, *, positive: bool = True) -> Decimal | None:
        s = self.scalar(node, what)
        if s is None:
            return None
        text = s.text.strip()
        try:
            value = Decimal(text) if DECIMAL.match(text) else None
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
            value = None
        if value is None:
            self.fail(s, f"{what} must be a number like 2.5 (a dot, not a comma), got {found(s)}")
            return None
        if positive and value <= 0:
            self.fail(s, f"{what} must be greater than 0, got {found(s)}")
            return None
        if abs(value) >= DECIMAL_MAX or value.as_tuple().exponent < -DECIMAL_PLACES:  # type: ignore[operator]
            limit = f"{DECIMAL_MAX:,}".replace(",", " ")
            self.fail(s, f"{what} must be below {limit} with at most {DECIMAL_PLACES} decimals, got {found(s)}")
            return None
        return value

    def date(self, node: Node | None, what: str) -> str | None:
        s = self.scalar(node, what)
        if s is None:
            return None
        try:
            if not ISO_DATE.fullmatch(s.text):  # fromisoformat also takes week dates (2025-W29-6)
                raise ValueError
            return date.fromisoformat(s.text).isoformat()
        except ValueError:
            self.fail(s, f"{what} must be a real date written YYYY-MM-DD, got {found(s)}")
            return None

    def text(self, node: Node | None, what: str) -> dict[str, str] | None:
        """A text in every language of the KB: {ru: ..., pl: ...}."""
        m = self.map(node, f"{what} (a text in every language: {', '.join(self.languages)})")
        if m is None:
            return None
        result: dict[str, str] = {}
        for key, value in m.entries:
            if key.text not in self.languages:
                self.fail(key, f"unknown language '{key.text}' in {what} "
                               f"(the KB's languages are {', '.join(self.languages)})")
                continue
            text = self.string(value, f"{what} [{key.text}]")
            if text is not None:
                result[key.text] = collapse_spaces(text)
        missing = [lang for lang in self.languages if m.get(lang) is None]
        for lang in missing:
            present = ", ".join(k for k in m.keys() if k in self.languages) or "none"
            self.fail(m, f"{what} has no '{lang}' text (present: {present}); "
                         f"every text must exist in every language")
        return result if not missing and len(result) == len(self.languages) else None

    def slug_items(self, node: Node | None, what: str) -> list[tuple[str, Node]]:
        """The valid slugs of a list, each with its own node (for messages about that entry)."""
        s = self.seq(node, what)
        if s is None:
            return []
        pairs = [(self.slug(item, f"an entry of {what}"), item) for item in s.items]
        return [(value, item) for value, item in pairs if value is not None]

    def slug_list(self, node: Node | None, what: str) -> list[str] | None:
        if node is None or self.seq(node, what) is None:
            return None
        return [value for value, _ in self.slug_items(node, what)]

    def known(self, pairs: list[tuple[str, Node]], choices: Iterable[str], what: str) -> list[str]:
        """Keep the entries that name one of ``choices``; report the others where they stand."""
        choices = list(choices)
        for value, item in pairs:
            if value not in choices:
                self.fail(item, f"unknown {what} '{value}'{did_you_mean(value, choices)} "
                                f"(expected one of: {', '.join(choices)})")
        return [value for value, _ in pairs if value in choices]
