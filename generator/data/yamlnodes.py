"""YAML parsing that keeps the position of every node.

PyYAML composes a node graph with a start mark on every node; we keep that graph instead
of constructing Python objects, so that validation can point at ``file:line:column``.
Scalars stay as their source text: ``0.6`` and ``2500.00`` are read later as exact
decimals, never as floats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.data.errors import Errors, Place

# libyaml's parser keeps the same marks and is ~10x faster on a large catalog.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, kw_only=True)
class Node:
    place: Place


@dataclass(frozen=True, kw_only=True)
class Scalar(Node):
    text: str
    plain: bool  # unquoted: may be a number, a boolean or null
    tag: str = ""

    @property
    def is_null(self) -> bool:
        return self.plain and self.text in ("", "~", "null", "Null", "NULL")


@dataclass(frozen=True, kw_only=True)
class Seq(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True, kw_only=True)
class Map(Node):
    # Keys in source order; key places are kept for "unknown key" messages.
    entries: tuple[tuple[Scalar, Node], ...]
    index: dict[str, Node] = field(default_factory=dict, compare=False)

    def get(self, key: str) -> Node | None:
        return self.index.get(key)

    def keys(self) -> list[str]:
        return [k.text for k, _ in self.entries]


def _place(path: str, node: yaml.Node) -> Place:
    mark = node.start_mark
    return Place(path, mark.line + 1, mark.column + 1)


def convert(path: str, node: yaml.Node, errors: Errors, seen: dict[int, Node]) -> Node:
    # Aliases (&anchor / *alias) share one composed node: convert it once.
    if id(node) in seen:
        return seen[id(node)]
    place = _place(path, node)
    if isinstance(node, yaml.ScalarNode):
        result: Node = Scalar(place=place, text=node.value, plain=node.style in (None, ""),
                              tag=node.tag)
    elif isinstance(node, yaml.SequenceNode):
        result = Seq(place=place, items=tuple(convert(path, n, errors, seen) for n in node.value))
    elif isinstance(node, yaml.MappingNode):
        entries: list[tuple[Scalar, Node]] = []
        index: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = convert(path, key_node, errors, seen)
            if not isinstance(key, Scalar):
                errors.add(key.place, "a key must be a plain word, got a nested structure")
                continue
            if key.text == "<<":
                errors.add(key.place, "merge keys ('<<') are not supported; repeat the fields")
                continue
            if key.text in index:
                first = index[key.text].place
                errors.add(key.place, f"duplicate key '{key.text}' (first defined at line {first.line})")
                continue
            value = convert(path, value_node, errors, seen)
            entries.append((key, value))
            index[key.text] = value
        result = Map(place=place, entries=tuple(entries), index=index)
    else:  # pragma: no cover - PyYAML has no other node kinds
        raise TypeError(node)
    seen[id(node)] = result
    return result


# Bounds on what a file may make the parser and the validators do: a kbdata file is written by
# hand, so deeper nesting or more entries are a mistake (or an attack), never content.
MAX_DEPTH = 64
MAX_ENTRIES = 100_000


MAX_BYTES = 5_000_000  # a file written by hand is far smaller; more is a paste gone wrong


def read_text(path: Path, label: str, errors: Errors) -> str | None:
    """A text file as UTF-8; otherwise one located message (the first byte that is not)."""
    try:
        if not path.is_file():
            kind = "a folder" if path.is_dir() else "not a regular file"
            errors.add(Place(label, 1, 1), f"this is {kind}; a file is expected here")
            return None
        if path.stat().st_size > MAX_BYTES:
            errors.add(Place(label, 1, 1), f"the file is larger than {MAX_BYTES // 1_000_000} MB: a file written "
                                           f"by hand is far smaller (was something pasted by mistake?)")
            return None
        data = path.read_bytes()
    except OSError as exc:  # permissions, a symlink loop, a file that vanished
        errors.add(Place(label, 1, 1), f"the file cannot be read: {exc.strerror or exc}")
        return None
    try:
        return data.decode("utf-8").replace("\r\n", "\n")  # a Windows editor's line ends
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        seems = " (it looks like Windows-1251)" if _cyrillic_1251(data) else ""
        errors.add(Place(label, line, column), f"the file is not UTF-8 text{seems}: save it as UTF-8")
        return None


def _cyrillic_1251(data: bytes) -> bool:
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        return False
    return sum("\u0400" <= c <= "\u04ff" for c in text) > len(text) // 20


CONFLICT = ("<<<<<<<", "=======", ">>>>>>>")


def _hazards(text: str):
    """What YAML would reject with a parser's words, or a line late, named as an author sees it:
    control characters, tabs or non-breaking spaces in the indentation, merge-conflict markers."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(CONFLICT):
            yield number, 1, "a merge-conflict marker: keep one side of the conflict and delete the markers"
            return
        indent = len(line) - len(line.lstrip(" \t\u00a0"))
        for column, char in enumerate(line[:indent], start=1):
            if char != " ":
                name = "a tab" if char == "\t" else "a non-breaking space"
                yield number, column, f"{name} in the indentation: indent with ordinary spaces only"
                return
        for column, char in enumerate(line, start=1):
            if (ord(char) < 32 and char not in "\t\r") or 0x7f <= ord(char) < 0xa0 and char != "\x85":
                yield number, column, (f"an invisible control character (U+{ord(char):04X}): delete it "
                                       f"(pasted text often brings one)")
                return


NO_SPACE = re.compile(r"^\s*(?:- )?[A-Za-z_][\w-]*:(?=[^\s/])")


def _syntax_hint(text: str, line: int) -> str:
    """What usually causes a syntax error reported on ``line``: a key on it or just above
    written 'key:value' (no space after the colon) or with a non-breaking space after it."""
    lines = text.split("\n")
    for number in (line - 1, line):
        if 1 <= number <= len(lines):
            written = lines[number - 1]
            if ":\u00a0" in written:
                return f"; line {number} has a non-breaking space after ':', type an ordinary space"
            if NO_SPACE.match(written):
                return f"; is a space missing after ':' on line {number}?"
    return ""


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where nesting passes MAX_DEPTH levels (flow brackets or block indentation), if anywhere.
    libyaml would recurse that deep and, far enough, crash the process."""
    depth, quote = 0, ""
    for number, line in enumerate(text.split("\n"), start=1):
        if not quote and len(line) - len(line.lstrip(" ")) > 2 * MAX_DEPTH:
            return number, 1
        for column, char in enumerate(line, start=1):
            if quote:
                if char == quote:
                    quote = ""
            elif char in "'\"" and depth:
                quote = char
            elif char == "#" and (column == 1 or line[column - 2] in " \t"):
                break
            elif char in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return number, column
            elif char in "]}":
                depth = max(0, depth - 1)
    return None


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many entries the node stands for once every alias (*name) is repeated in full."""
    if id(node) not in sizes:
        sizes[id(node)] = 0  # a node that contains itself counts once
        children = ([n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode)
                    else node.value if isinstance(node, yaml.SequenceNode) else [])
        sizes[id(node)] = min(1 + sum(_expanded_size(c, sizes) for c in children), 10 * MAX_ENTRIES)
    return sizes[id(node)]


def load(path: Path, label: str, errors: Errors) -> Node | None:
    """Parse one YAML file; syntax errors are recorded, not raised."""
    text = read_text(path, label, errors)
    if text is None:
        return None
    return parse(text.removeprefix("\ufeff"), label, errors)  # a byte order mark: harmless, dropped


def parse(text: str, label: str, errors: Errors) -> Node | None:
    """Parse YAML text (line 1 of ``text`` is line 1 of ``label``); problems are recorded, not raised."""
    for line, column, message in _hazards(text):
        errors.add(Place(label, line, column), message)
        return None
    deep = _too_deep(text)
    if deep is not None:
        errors.add(Place(label, *deep), f"nested more than {MAX_DEPTH} levels deep: a bracket or an indent too many?")
        return None
    try:
        documents = list(yaml.compose_all(text, Loader=LOADER))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        errors.add(Place(label, line, col), f"YAML syntax error: {problem}{context}{_syntax_hint(text, line)}")
        return None
    documents = [d for d in documents if d is not None]
    if not documents:
        errors.add(Place(label, 1, 1), "the file is empty")
        return None
    if len(documents) > 1:
        errors.add(_place(label, documents[1]), "only one YAML document per file is allowed")
    sizes: dict[int, int] = {}
    if _expanded_size(documents[0], sizes) > MAX_ENTRIES:
        errors.add(_place(label, documents[0]),
                   f"the file has more than {MAX_ENTRIES} entries: a file written by hand is far smaller"
                   if len(sizes) > MAX_ENTRIES else
                   f"aliases (*name) repeat entries here more than {MAX_ENTRIES} times over: use each anchor "
                   f"only a few times")
        return None
    return convert(label, documents[0], errors, {})
