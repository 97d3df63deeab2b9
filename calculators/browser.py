"""The browser worker's door: JSON strings in and out, so nothing but text crosses the
JavaScript/Python boundary and CPython and Pyodide are compared byte for byte."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from .api import run
from .model import Model, from_dict
from .view import view

_MODEL: list[Model] = []


def dumps(value: Any) -> str:
    """The one serialization of answers (the differential tests compare these strings)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def init(data_json: str) -> str:
    _MODEL[:] = [from_dict(json.loads(data_json))]
    return dumps({"languages": list(_MODEL[0].languages)})


def answer_with(model: Model, request: Any, lang: str, scope: Any = None) -> dict[str, Any]:
    response = run(model, request, scope if isinstance(scope, dict) else None)
    return {"response": response, "view": view(model, lang, response)}


def answer(request_json: str, lang: str, scope_json: str = "null") -> str:
    """``scope_json``: what the calculator on the page offers (``{"service": [...]}``), or null."""
    def parsed(text: str) -> Any:
        try:
            # Integers as Decimals: a number of thousands of digits is the field's error,
            # not CPython's 4300-digit limit on int().
            return json.loads(text, parse_int=Decimal)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than Python reads
            return None
    return dumps(answer_with(_MODEL[0], parsed(request_json), lang, parsed(scope_json)))
