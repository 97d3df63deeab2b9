"""The one entry point of the calculators: a request dict in, a JSON-able response dict out.

The command line, the build-time macros and the browser worker all call ``run``. Request
fields use the shared vocabulary (CLI options, URL query parameters and JSON keys alike;
``period-end`` and ``period_end`` are the same field). A response is
``{"ok": true, "calc": ..., "request": {...}, "result": {...}}`` or
``{"ok": false, "calc": ..., "error": {"field": ..., "code": ..., "params": {...}}}``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, Mapping

from .balance import balance
from .errors import CalcError
from .model import Model
from .pricing import price
from .timeline import timeline

CALCS: dict[str, Callable[[Model, Mapping[str, Any]], dict[str, Any]]] = {
    "timeline": timeline,
    "price": price,
    "balance": lambda model, request: balance(request),
}

FIELDS = {
    "timeline": ("service", "event", "billing", "period_end", "licenses"),
    "price": ("item", "hours", "hours_max", "role", "rate", "today"),
    "balance": ("balance", "stages"),
}
COMMON = ("calc", "lang")
TRUE = ("1", "true", "yes", "on")
FALSE = ("", "0", "false", "no", "off")


def _scalar(field: str, value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return value.strip()
    raise CalcError(field, "invalid")


def normalize(calc: str, request: Mapping[str, Any]) -> dict[str, Any]:
    """Field names with '-' or '_' alike; values as trimmed strings (stages may be a list)."""
    result: dict[str, Any] = {}
    for key, value in request.items():
        field = str(key).replace("-", "_")
        if field not in FIELDS[calc] and field not in COMMON:
            raise CalcError(field, "unknown_field", choices=list(FIELDS[calc]))
        if field == "stages" and isinstance(value, (list, tuple)):
            result[field] = [_scalar(field, v) for v in value]
        else:
            result[field] = _scalar(field, value)
    if "licenses" in result and not isinstance(result["licenses"], bool):
        flag = str(result["licenses"]).lower()
        if flag not in TRUE + FALSE:
            raise CalcError("licenses", "not_a_flag", value=str(result["licenses"]))
        result["licenses"] = flag in TRUE
    return result


def run(model: Model, request: Any) -> dict[str, Any]:
    """Answer one request; every problem with the request is a structured error, never a raise."""
    calc = request.get("calc") if isinstance(request, Mapping) else None
    calc = calc if isinstance(calc, str) else None if calc is None else repr(calc)[:40]
    try:
        if not isinstance(request, Mapping):
            raise CalcError("request", "not_an_object")
        if calc not in CALCS:
            raise CalcError("calc", "unknown", value=str(calc), choices=list(CALCS))
        clean = normalize(calc, request)
        result = CALCS[calc](model, clean)
    except CalcError as exc:
        return {"ok": False, "calc": calc if calc in CALCS else None, "error": exc.as_dict()}
    return {"ok": True, "calc": calc, "request": clean, "result": result}
