"""The browser worker's door: JSON strings in and out, so nothing but text crosses the
JavaScript/Python boundary and CPython and Pyodide are compared byte for byte."""

from __future__ import annotations

import json
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


def answer_with(model: Model, request: Any, lang: str) -> dict[str, Any]:
    response = run(model, request)
    return {"response": response, "view": view(model, lang, response)}


def answer(request_json: str, lang: str) -> str:
    try:
        request = json.loads(request_json)
    except ValueError:
        request = None
    return dumps(answer_with(_MODEL[0], request, lang))
