"""The one entry point of the calculators: a request dict in, a JSON-able response dict out.

The command line, the build-time macros and the browser worker all call ``run``. Request
fields use the shared vocabulary (CLI options, URL query parameters and JSON keys alike;
``period-end`` and ``period_end`` are the same field). A response is
``{"ok": true, "calc": ..., "request": {...}, "result": {...}}`` or
``{"ok": false, "calc": ..., "error": {"field": ..., "code": ..., "params": {...}}}``.

Nothing a request says is ever repeated in an error: errors name the field and the problem,
and their parameters come from the knowledge base (choices, limits), never from the request.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, Mapping

from .balance import balance
from .errors import CalcError
from .model import Model
from .pricing import price
from .timeline import timeline

Scope = Mapping[str, Any]  # what a calculator on a page offers, e.g. {"service": ["cloud-pro"]}

CALCS: dict[str, Callable[[Model, Mapping[str, Any], Scope], dict[str, Any]]] = {
    "timeline": lambda model, request, scope: timeline(model, request, _offered(scope)),
    "price": lambda model, request, scope: price(model, request),
    "balance": lambda model, request, scope: balance(request),
}

# The request vocabulary: every field of every calculator, in form order. The CLI's options,
# the forms' field names (and so the URL's query) and the browser's requests come from here.
FIELDS = {
    "timeline": ("service", "event", "billing", "period_end", "licenses"),
    "price": ("item", "hours", "hours_max", "role", "rate", "today"),
    "balance": ("balance", "stages"),
}
FLAGS = ("licenses",)  # yes/no fields
DERIVED = ("today",)  # filled in by the door (the reader's or the machine's date), never typed
COMMON = ("calc", "lang")
TRUE = ("1", "true", "yes", "on")
FALSE = ("", "0", "false", "no", "off")
MAX_LENGTH = {"stages": 800}  # longer values are refused unread
DEFAULT_MAX_LENGTH = 64


def param(field: str) -> str:
    """A field's name in URLs, on the command line and in forms: period_end -> period-end."""
    return field.replace("_", "-")


def _scalar(field: str, value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int) and value.bit_length() > 4 * MAX_LENGTH.get(field, DEFAULT_MAX_LENGTH):
        raise CalcError(field, "too_long")  # (its text would pass CPython's 4300-digit limit)
    if isinstance(value, (int, Decimal)):
        value = str(value)
    elif isinstance(value, float):  # as its digits: 1e-20 is too precise, not mistyped
        value = format(Decimal(repr(value)), "f") if value - value == 0 else repr(value)
    if not isinstance(value, str):
        raise CalcError(field, "invalid")
    if len(value) > MAX_LENGTH.get(field, DEFAULT_MAX_LENGTH):
        raise CalcError(field, "too_long")
    return value.strip()


def normalize(calc: str, request: Mapping[str, Any]) -> dict[str, Any]:
    """Field names with '-' or '_' alike; values as trimmed strings (stages may be a list)."""
    result: dict[str, Any] = {}
    for key, value in request.items():
        field = str(key).replace("-", "_")
        if field not in FIELDS[calc] and field not in COMMON:
            raise CalcError("request", "unknown_field", choices=[param(f) for f in FIELDS[calc]])
        if field == "stages" and isinstance(value, (list, tuple)):
            if len(value) > MAX_LENGTH["stages"]:
                raise CalcError(field, "too_long")
            result[field] = [_scalar(field, v) for v in value]
        else:
            result[field] = _scalar(field, value)
    for flag in FLAGS:
        if flag in result and not isinstance(result[flag], bool):
            text = str(result[flag]).lower()
            if text not in TRUE + FALSE:
                raise CalcError(flag, "not_a_flag")
            result[flag] = text in TRUE
    return result


def _offered(scope: Any) -> tuple[str, ...] | None:
    """The services a page's calculator offers, from its scope (None: all); a scope that is not
    an object, or whose services are not a list of ids, is the request's error, not a raise."""
    if not isinstance(scope, Mapping):
        raise CalcError("scope", "not_an_object")
    services = scope.get("service")
    if services is None:
        return None
    if not isinstance(services, list) or not all(isinstance(s, str) for s in services):
        raise CalcError("scope", "not_an_object")
    return tuple(services)


def run(model: Model, request: Any, scope: Scope | None = None) -> dict[str, Any]:
    """Answer one request; every problem with the request is a structured error, never a raise.

    ``scope`` narrows what a calculator on a page offers (its services); None: everything.
    """
    calc = request.get("calc") if isinstance(request, Mapping) else None
    calc = calc if isinstance(calc, str) and calc in CALCS else None
    try:
        if not isinstance(request, Mapping):
            raise CalcError("request", "not_an_object")
        if calc is None:
            raise CalcError("calc", "unknown", choices=list(CALCS))
        clean = normalize(calc, request)
        result = CALCS[calc](model, clean, {} if scope is None else scope)
    except CalcError as exc:
        return {"ok": False, "calc": calc, "error": exc.as_dict()}
    return {"ok": True, "calc": calc, "request": clean, "result": result}
