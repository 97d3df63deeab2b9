"""jsonschema's errors in the words of a KB author, at the place in the file they concern.

"services.yaml:42:9: id must be a lower-case ASCII slug like 'cloud-pro': …; got Cloud_VPS".
What a field must be comes from the schema itself: the description of a pattern, the title of a
choice of kinds (anyOf), the title that names a list entry ("a service"); a test holds every
schema to that. Keywords the schemas do not use still give a located message, in jsonschema's words.
"""

from __future__ import annotations

import difflib
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterator

from jsonschema import ValidationError

from generator.data.errors import Place
from generator.data.jsondoc import Doc
from generator.data.suggest import did_you_mean
from generator.data.yamlnodes import Map, Node, Scalar, Seq

if TYPE_CHECKING:
    from referencing._core import Resolver  # what Registry.resolver() returns

LANGUAGES = "x-kb-languages"  # our keyword: the object's other keys are the KB's languages, all of them


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


TYPE_WORDS = {"object": "a mapping of 'key: value' lines", "array": "a list ('- ...' lines)",
              "string": "text", "integer": "a whole number", "number": "a number like 2.5 (a dot, not a comma)",
              "boolean": "true or false", "null": "nothing"}


def _phrase(schema: dict[str, Any]) -> str:
    """What a schema expects, as the end of "… must be ___": its description, else its type."""
    text = schema.get("description") if "pattern" in schema or "format" in schema else None
    if text:
        return text[0].lower() + text[1:].rstrip(".")
    kind = schema.get("type")
    return TYPE_WORDS.get(kind, "something else") if isinstance(kind, str) else "something else"


def _steps(error: ValidationError, schema: str, resolver: Resolver) -> list[tuple[str, dict[str, Any]]]:
    """How the error's instance was reached, one (how, schema) per step into the document:
    'property', 'item', 'keyed' (a value of an id-keyed mapping) or 'key' (a key itself)."""
    steps: list[tuple[str, dict[str, Any]]] = []
    try:
        _walk(list(error.absolute_schema_path)[:-1], {"$ref": f"{schema}.schema.json"}, resolver, steps)
    except (KeyError, IndexError, TypeError):  # a keyword this walk does not know: the key names it
        pass
    return steps


def _walk(tokens: list[Any], current: Any, resolver: Resolver, steps: list[tuple[str, dict[str, Any]]]) -> None:
    """Follow a schema path (the last token, the failing keyword, left out) from the root schema."""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        while isinstance(current, dict) and token not in current and "$ref" in current:
            resolved = resolver.lookup(current["$ref"])  # jsonschema's paths go through refs silently
            current, resolver = resolved.contents, resolved.resolver
        if token in ("properties", "patternProperties", "$defs", "dependentSchemas"):
            i += 1
            current = current[token][tokens[i]]
            if token in ("properties", "patternProperties"):
                steps.append(("property", current))
        elif token in ("anyOf", "oneOf", "allOf", "prefixItems"):
            i += 1
            current = current[token][tokens[i]]
            if token == "prefixItems":
                steps.append(("item", current))
        else:
            current = current[token]
            how = {"additionalProperties": "keyed", "items": "item", "propertyNames": "key"}.get(token)
            if how:
                steps.append((how, current))
        i += 1
        while isinstance(current, dict) and "$ref" in current and "title" not in current:
            resolved = resolver.lookup(current["$ref"])  # a step's own schema, for its title
            current, resolver = resolved.contents, resolved.resolver
        if steps and (i >= len(tokens) or tokens[i] not in ("anyOf", "oneOf", "allOf")):
            steps[-1] = (steps[-1][0], current)


def _name(path: tuple[Any, ...], steps: list[tuple[str, dict[str, Any]]], doc: Doc) -> str:
    """How the thing at ``path`` is called in a message: `amount`, `a service`, `policy 'cloud-pro'`."""
    steps = [s for s in steps if s[0] != "key"]
    if not path or len(steps) < len(path):
        return doc.name if not path else str(path[-1])
    how, schema = steps[len(path) - 1]
    title = schema.get("title") if schema.get("type") == "object" else None
    last = path[-1]
    if how == "property":
        return str(last)
    parent = _name(path[:-1], steps, doc)
    if how == "item":
        return title or f"an entry of {parent}"
    return f"{title} '{last}'" if title else f"{parent} [{last}]"


def explain(error: ValidationError, doc: Doc, resolver: Resolver) -> Iterator[tuple[Place, str]]:
    """Each (place, message) an error stands for (additionalProperties: one per unknown key)."""
    path = tuple(error.absolute_path)
    steps = _steps(error, doc.schema, resolver)
    kind, value, schema, instance = error.validator, error.validator_value, error.schema, error.instance
    if steps and steps[-1][0] == "key":  # a mapping's key is wrong (propertyNames)
        where, what = doc.key_place(path + (instance,)), f"the key '{instance}'"
        if kind == "not":
            yield where, f"{what}: {schema.get('description', 'not allowed here').rstrip('.')}"
        elif kind not in ("anyOf", "oneOf", "allOf"):
            yield where, f"{what} must be {_phrase(schema)}{did_you_mean(str(instance), ())}"
        return
    what = _name(path, steps, doc)
    node = doc.node(path)
    got = found(node)
    here = node.place
    if kind in ("anyOf", "oneOf"):
        yield from _alternatives(error, doc, what, got, resolver)
    elif kind == LANGUAGES:
        how, name = value
        yield (doc.key_place(path + (name,)) if how == "unknown" else here), error.message.format(what=what)
    elif kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        for key in instance:
            if key not in allowed:
                yield (doc.key_place(path + (key,)), f"unknown field '{key}' in {what} (expected one of: "
                                                     f"{', '.join(allowed)}){did_you_mean(key, allowed)}")
    elif kind == "required":
        extra = [key for key in instance if key not in schema.get("properties", {})]
        for name in value:
            if name not in instance and not difflib.get_close_matches(name, extra, n=1):
                yield here, f"{what} is missing the field '{name}'"  # (a misspelt one has its message)
    elif kind == "type":
        expected = _phrase(schema) if schema.get("type") == "string" else TYPE_WORDS.get(value, str(value))
        quote = " (put it in quotes)" if value == "string" and isinstance(instance, (int, Decimal, bool)) else ""
        yield here, f"{what} must be {expected}{_got(expected)}{got}{quote}"
    elif kind == "enum":
        choices = [str(c) for c in value]
        yield here, f"{what} must be one of {', '.join(choices)}; got {got}{did_you_mean(str(instance), choices)}"
    elif kind in ("pattern", "format", "minLength", "maxLength"):
        expected = _phrase(schema)
        yield here, f"{what} must be {expected}{_got(expected)}{got}{did_you_mean(str(instance), ())}"
    elif kind in BOUNDS:
        bound = f"{value:,}".replace(",", " ") if abs(value) >= 10_000 else str(value)
        yield here, f"{what} must be {BOUNDS[kind]} {bound}, got {got}"
    elif kind == "multipleOf":
        places = -Decimal(value).as_tuple().exponent  # type: ignore[operator]
        yield here, f"{what} must have at most {places} decimals, got {got}"
    elif kind in ("minItems", "maxItems"):
        low, high = schema.get("minItems"), schema.get("maxItems")
        count = f"exactly {low}" if low == high else f"at least {low}" if kind == "minItems" else f"at most {high}"
        noun = "entry" if count.endswith(" 1") else "entries"
        yield here, f"{what} must have {count} {noun}, has {len(instance)}"
    elif kind == "uniqueItems":
        seen: set[str] = set()
        for i, item in enumerate(instance):
            if repr(item) in seen:
                yield doc.place(path + (i,)), f"{what} lists {found(doc.node(path + (i,)))} twice"
            seen.add(repr(item))
    elif kind == "minProperties":
        yield here, f"{what} must not be empty"
    elif kind == "not":
        yield here, f"{what}: {schema.get('description', 'not allowed here').rstrip('.')}"
    else:  # a keyword the schemas do not use today: jsonschema's own words, still located
        yield here, f"{what}: {error.message}"


def _got(expected: str) -> str:
    """The separator before "got …": a semicolon after an expectation that has commas of its own."""
    return "; got " if "," in expected else ", got "


BOUNDS = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "greater than",
          "exclusiveMaximum": "below"}


def _mismatched(error: ValidationError) -> bool:
    """Whether an alternative failed on the kind of value (text for a number), not on its content."""
    if error.relative_path:
        return False
    if error.validator == "type":
        return not (error.validator_value == "integer" and isinstance(error.instance, (int, Decimal))
                    and not isinstance(error.instance, bool))
    if error.validator in ("anyOf", "oneOf"):
        return all(any(_mismatched(e) for e in branch) for branch in _branches(error).values())
    return False


def _branches(error: ValidationError) -> dict[int, list[ValidationError]]:
    result: dict[int, list[ValidationError]] = {}
    for sub in error.context:
        result.setdefault(sub.relative_schema_path[0], []).append(sub)
    return result


def _alternatives(error: ValidationError, doc: Doc, what: str, got: str,
                  resolver: Resolver) -> Iterator[tuple[Place, str]]:
    branches, here = error.validator_value, doc.place(tuple(error.absolute_path))
    if all(isinstance(b, dict) and set(b) == {"required"} for b in branches):
        fields = " or ".join(f"'{b['required'][0]}'" for b in branches)
        how = "exactly one" if error.validator == "oneOf" else "at least one"
        yield here, f"{what} needs {how} of {fields}"
        return
    failed = _branches(error)
    candidates = [errors for errors in failed.values() if not any(_mismatched(e) for e in errors)]
    title = error.schema.get("title")
    if len(candidates) == 1 or (candidates and not (title and not isinstance(error.instance, (dict, list)))):
        explained = [list(p for e in errors for p in explain(e, doc, resolver)) for errors in candidates]
        yield from min(explained, key=len)
        return
    enums = [str(c) for errors in candidates for e in errors if e.validator == "enum" for c in e.validator_value]
    expected = title or " or ".join(sorted({TYPE_WORDS.get(b.get("type"), "something else")
                                           for b in branches if isinstance(b, dict)}))
    yield here, f"{what} must be {expected}; got {got}{did_you_mean(str(error.instance), enums) if enums else ''}"
