"""kbdata's shape, checked against the JSON Schemas in kbdata/schema/.

The schemas are the one description of the shape of kbdata and of an article's front matter:
structure, types, ranges, enums. The editor reads them through the `$schema` line that opens each
kbdata file; the build reads them here. A file becomes JSON as the editor sees it (``jsondoc``),
jsonschema checks it, and each error becomes a message at its file:line:column
(``schema_words``). What a schema cannot say (references between files, the KB's languages,
ranges in order) is checked by the ``kbdata`` package and ``articles``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from typing import Any, Iterator

from jsonschema import Draft202012Validator, ValidationError, validators
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from generator import ROOT
from generator.data.errors import Errors, Place
from generator.data.jsondoc import Doc
from generator.data.schema_messages import LANGUAGES, explain

SCHEMAS = ROOT / "kbdata" / "schema"
LANGUAGE_MESSAGES = 3  # more texts than this without a language in one file: one message for them all


@cache
def registry() -> Registry:
    resources = []
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        # Decimals, not floats: 0.0001 must divide 2.5 exactly (multipleOf).
        contents = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        contents.pop("$schema", None)  # for the editor; here it would swap in jsonschema's own validator
        resources.append((path.name, DRAFT202012.create_resource(contents)))
    return Registry().with_resources(resources)


@cache
def _validator_class(languages: tuple[str, ...] | None) -> type:
    def every_language(validator: Any, _: Any, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
        if languages is None or not isinstance(instance, dict):
            return  # the languages are unknown (site.yaml failed): nothing to compare with
        fixed = schema.get("properties", {})
        others = f"; or {', '.join(fixed)}" if fixed else ""
        for key in instance:
            if key not in fixed and key not in languages:
                yield ValidationError(f"unknown language '{key}' in {{what}} (the KB's languages are "
                                      f"{', '.join(languages)}{others})", validator_value=("unknown", key))
        present = ", ".join(k for k in instance if k in languages) or "none"
        for lang in languages:
            if lang not in instance:
                yield ValidationError(f"{{what}} has no '{lang}' text (present: {present}); "
                                      f"every text must exist in every language", validator_value=("missing", lang))

    return validators.extend(Draft202012Validator, {LANGUAGES: every_language})


def definition(name: str) -> dict[str, Any]:
    """One of the shared definitions (common.schema.json), for a rule Python applies too."""
    return registry().resolver().lookup(f"common.schema.json#/$defs/{name}").contents


def validator_for(schema: str, languages: tuple[str, ...] | None) -> Any:
    """A validator of ``<schema>.schema.json``; with ``languages``, texts must have each of them."""
    return _validator_class(languages)({"$ref": f"{schema}.schema.json"}, registry=registry(),
                                       format_checker=Draft202012Validator.FORMAT_CHECKER)


def check(doc: Doc, errors: Errors, languages: tuple[str, ...] | None) -> set[Any] | None:
    """Validate ``doc`` against its schema and record each problem. Returns the top-level keys
    (or list positions) whose content has a problem, or None when the whole file is wrong."""
    validator = validator_for(doc.schema, languages)
    bad: set[Any] = set()
    whole = False
    by_language: dict[tuple[str, str], list[tuple[Place, str]]] = {}
    for error in validator.iter_errors(doc.value):
        found = list(explain(error, doc, registry().resolver()))
        if error.validator == LANGUAGES:
            by_language.setdefault(tuple(error.validator_value), []).extend(found)
        for place, message in found if error.validator != LANGUAGES else ():
            errors.add(place, message)
        if error.absolute_path and error.validator not in ("additionalProperties", "propertyNames"):
            bad.add(error.absolute_path[0])
        else:
            whole = True
    for (how, lang), found in by_language.items():
        if len(found) <= LANGUAGE_MESSAGES:
            for place, message in found:
                errors.add(place, message)
        else:  # a language added to site.yaml, or taken away: one message per file, not one per text
            what = (f"have no '{lang}' text" if how == "missing" else
                    f"have a '{lang}' text, and '{lang}' is not a language of kbdata/site.yaml")
            errors.add(min(p for p, _ in found), f"{len(found)} texts in this file {what} (the first is here): "
                                                 f"every text has each language of kbdata/site.yaml, and no other")
    return None if whole else bad
