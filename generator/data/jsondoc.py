"""A YAML file as the JSON an editor validates, with the place of every value and key.

YAML 1.2 core typing, as the editor (and JSON Schema) reads a file: `on` is a word, `2025-07-19`
a string, `0.6` an exact decimal (never a float). Each value keeps the node it came from, so a
message about the JSON path `("services", 3, "id")` can name the file, line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from generator.data.errors import Place
from generator.data.yamlnodes import Map, Node, Scalar, Seq

NULLS = ("", "~", "null", "Null", "NULL")
BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
INTEGER = re.compile(r"[-+]?[0-9]+\Z")
FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
# Any number past this is too large for every field (and a message quotes its text, not this),
# so it is read as this: exact arithmetic such as multipleOf stays within the decimal precision.
HUGE = 10 ** 12


def scalar_value(node: Scalar) -> Any:
    if not node.plain:
        return node.text
    text = node.text
    if text in NULLS:
        return None
    if text in BOOLEANS:
        return BOOLEANS[text]
    if INTEGER.match(text) or FLOAT.match(text):
        number: int | Decimal = int(text) if INTEGER.match(text) and len(text) < 20 else Decimal(text)
        if abs(number) > HUGE:
            number = HUGE if number > 0 else -HUGE
        return number if isinstance(number, int) or not INTEGER.match(text) else int(number)
    return text


@dataclass
class Doc:
    """One kbdata file as JSON, with the node (and, for mapping values, the key) behind each path."""

    label: str
    schema: str = ""  # the name of its schema: kbdata/schema/<schema>.schema.json
    name: str = ""  # what messages call the whole document (its file, by default)
    value: Any = None
    nodes: dict[tuple[Any, ...], Node] = field(default_factory=dict)
    keys: dict[tuple[Any, ...], Scalar] = field(default_factory=dict)
    bad: set[Any] = field(default_factory=set)  # top-level entries that do not have the schema's shape

    @classmethod
    def of(cls, label: str, schema: str, node: Node, name: str = "") -> "Doc":
        doc = cls(label, schema, name or label.removeprefix("kbdata/"))
        doc.value = doc._convert(node, ())
        return doc

    def _convert(self, node: Node, path: tuple[Any, ...]) -> Any:
        self.nodes[path] = node
        if isinstance(node, Map):
            result = {}
            for key, value in node.entries:
                self.keys[path + (key.text,)] = key
                result[key.text] = self._convert(value, path + (key.text,))
            return result
        if isinstance(node, Seq):
            return [self._convert(item, path + (i,)) for i, item in enumerate(node.items)]
        assert isinstance(node, Scalar)
        return scalar_value(node)

    def value_at(self, path: tuple[Any, ...]) -> Any:
        value = self.value
        for part in path:
            value = value[part]
        return value

    def node(self, path: tuple[Any, ...]) -> Node:
        while path not in self.nodes:
            path = path[:-1]
        return self.nodes[path]

    def place(self, path: tuple[Any, ...]) -> Place:
        return self.node(tuple(path)).place

    def key_place(self, path: tuple[Any, ...]) -> Place:
        key = self.keys.get(tuple(path))
        return key.place if key is not None else self.place(path)
