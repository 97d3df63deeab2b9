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

from .errors import Errors, Place

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


def load(path: Path, label: str, errors: Errors) -> Node | None:
    """Parse one YAML file; syntax errors are recorded, not raised."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        errors.add(Place(label, 1, 1), f"the file is not UTF-8 text ({exc.reason})")
        return None
    try:
        documents = list(yaml.compose_all(text, Loader=LOADER))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        errors.add(Place(label, line, col), f"YAML syntax error: {problem}{context}")
        return None
    documents = [d for d in documents if d is not None]
    if not documents:
        errors.add(Place(label, 1, 1), "the file is empty")
        return None
    if len(documents) > 1:
        errors.add(_place(label, documents[1]), "only one YAML document per file is allowed")
    return convert(label, documents[0], errors, {})
