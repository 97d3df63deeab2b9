"""What every part of the kbdata load shares: the files, read and checked against their schemas."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.data.errors import Errors, Place
from generator.data.schema import Doc, check
from generator.data.yamlnodes import load_text


class Context:
    """One load of kbdata/ at ``root``: the errors so far and the KB's languages (None while
    site.yaml is not valid: texts are then not compared with a list of languages)."""

    def __init__(self, root: Path, errors: Errors) -> None:
        self.root = root
        self.errors = errors
        self.languages: tuple[str, ...] | None = None
        self.places: dict[tuple[str, str], Place] = {}  # where checks across files point
        # The ids a file defines, its invalid entries too: a reference to one is not "unknown".
        self.known: dict[str, list[str]] = {}
        self.renamed: dict[str, str] = {}  # a missing file -> the misspelt one beside it

    def label(self, path: Path) -> str:
        try:
            return path.relative_to(self.root.parent).as_posix()
        except ValueError:
            return path.as_posix()

    def read(self, path: Path, schema: str, *, by_id: bool = False) -> Doc | None:
        """The file as a Doc when it parses and has the schema's shape; otherwise None, with the
        problems recorded: what depends on an invalid file is not checked (one mistake, one message).
        ``by_id``: a file of entries by id keeps its valid entries; ``doc.bad`` names the others."""
        if not path.exists() and path.with_suffix(".yml").exists():
            path = path.with_suffix(".yml")  # read meanwhile: its name is reported once, as a rename
        if not path.exists() and not path.is_symlink():
            renamed = self.renamed.get(path.name)
            self.errors.add(Place(self.label(path), 1, 1), f"the file is missing (is it {renamed}, misspelt?)"
                            if renamed else "the file is missing")
            return None
        node, source = load_text(path, self.label(path), self.errors)
        if node is None:
            return None
        doc = Doc.of(self.label(path), schema, node)
        bad = _checked(doc, source or "", self.errors, self.languages)
        if bad is None or (bad and not by_id):
            return None
        doc.bad = bad
        return doc

    def fail(self, doc: Doc, path: tuple[Any, ...], message: str) -> None:
        self.errors.add(doc.place(path), message)

    def fail_key(self, doc: Doc, path: tuple[Any, ...], message: str) -> None:
        self.errors.add(doc.key_place(path), message)


_CHECKS: dict[tuple, tuple[set | None, list]] = {}  # a file's text -> what its schema said of it


def _checked(doc: Doc, source: str, errors: Errors, languages: tuple[str, ...] | None) -> set | None:
    """``check`` of a file, said again without validating when its text has not changed since
    (`make serve` reads kbdata after every edit of one file; the schemas do not change under it).
    Keyed by the text the doc was parsed from: a second read of the file, written meanwhile,
    once filed the old text's verdict under the new text, and `make serve` missed a schema error."""
    key = (doc.label, doc.schema, source, languages)
    if key not in _CHECKS:
        if len(_CHECKS) > 256:
            _CHECKS.clear()
        said = Errors()
        _CHECKS[key] = (check(doc, said, languages), said.problems)
    bad, problems = _CHECKS[key]
    errors.problems.extend(problems)
    return None if bad is None else set(bad)


SPACES = re.compile(r"[ \t\r\n\f\v]+")


def collapse_spaces(text: str) -> str:
    """A YAML text as one line: runs of spaces and line breaks become one space. A no-break
    space (U+00A0, U+202F) is kept: an author writes it to keep "4 MB" together."""
    return SPACES.sub(" ", text).strip()


def text(value: dict[str, str]) -> dict[str, str]:
    """A text in every language, each on one line (the schema and the language check passed)."""
    return {lang: collapse_spaces(str(words)) for lang, words in value.items()}


def amount(value: Any) -> str:
    """An exact decimal as the model reads it: 2500.00 stays "2500.00"."""
    return str(Decimal(str(value).strip()))
