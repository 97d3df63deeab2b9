"""YAML parsing that keeps the position of every node.

PyYAML composes a node graph with a start mark on every node; we keep that graph instead
of constructing Python objects, so that validation can point at ``file:line:column``.
Scalars stay as their source text: ``0.6`` and ``2500.00`` are read later as exact
decimals, never as floats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.data import yaml_mistakes as mistakes
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


MERGE_KEY = "merge keys ('<<') are not supported; repeat the fields"


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
                errors.add(key.place, MERGE_KEY)
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
    return load_text(path, label, errors)[0]


def load_text(path: Path, label: str, errors: Errors) -> tuple[Node | None, str | None]:
    """The file's nodes and the text they were parsed from (read once: the file may change
    under `make serve` before a second read)."""
    text = read_text(path, label, errors)
    if text is None:
        return None, None
    return parse(text.removeprefix("\ufeff"), label, errors), text  # a byte order mark: harmless, dropped


def parse(text: str, label: str, errors: Errors) -> Node | None:
    """Parse YAML text (line 1 of ``text`` is line 1 of ``label``); problems are recorded, not raised."""
    found = mistakes.before_parsing(text, MAX_DEPTH)
    if found is not None:
        errors.add(Place(label, found[0], found[1]), found[2])
        return None
    try:
        documents = list(yaml.compose_all(text, Loader=LOADER))
    except yaml.MarkedYAMLError as exc:
        line, column, message = mistakes.syntax_error(text, exc)
        errors.add(Place(label, line, column), message)
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
    before = len(errors.problems)
    node = convert(label, documents[0], errors, {})
    # A merge key leaves its mapping without the fields it meant to bring: the file is not read
    # on, or each missing field would be one more message for the one mistake.
    return None if any(p.message == MERGE_KEY for p in errors.problems[before:]) else node
