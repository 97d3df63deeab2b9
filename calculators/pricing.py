"""Ticket price: norm-hours x K x the norm-hour rate, in exact decimals.

Rounded half-up to 0.01 once, at the end of each price; nothing is rounded on the way.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Mapping

from .errors import CalcError
from .model import Hours, Model
from .timeline import parse_date

CENT = Decimal("0.01")
MAX_HOURS = Decimal("100000")


def money(value: Decimal) -> str:
    """Money in the shared vocabulary: a decimal string with two decimals."""
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def hours_text(value: Decimal) -> str:
    """Hours as a plain decimal string without trailing zeros ("2.5", "20")."""
    return format(value.normalize(), "f")


NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")
MAX_DIGITS = 12  # whole digits no request needs: more are read as "too large", never parsed


HOUR_PLACES = 3  # as many decimals as the answers show (CLDR #,##0.###): they show what they used
MONEY_PLACES = 2


def parse_decimal(field: str, value: Any, *, positive: bool = True, places: int = HOUR_PLACES) -> Decimal:
    """A number as people type it: digits with one decimal point or comma ("2,5" = "2.5"),
    with at most ``places`` decimals, so that the figures an answer shows are the ones it used.

    Anything else (grouping, exponents, two separators) is refused, never guessed.
    """
    if isinstance(value, bool) or value is None:
        raise CalcError(field, "number_format")
    text = str(value).strip()
    if not NUMBER.fullmatch(text):
        raise CalcError(field, "number_format")
    whole, _, fraction = text.removeprefix("-").replace(",", ".").partition(".")
    if len(whole.lstrip("0")) > MAX_DIGITS:  # its size is the mistake, not its form
        whole, fraction = "1" + "0" * MAX_DIGITS, ""
    number = Decimal(("-" if text.startswith("-") else "") + whole + ("." + fraction if fraction else ""))
    if number.is_zero():
        number = abs(number)  # "-0" is 0: an answer never says "-0"
    if -number.normalize().as_tuple().exponent > places:  # "1,50" has two decimals, not three
        raise CalcError(field, "too_precise", places=places)
    if positive and number <= 0:
        raise CalcError(field, "not_positive")
    if number > MAX_HOURS * 1000:
        raise CalcError(field, "too_large")
    return number


def _cost(hours: Decimal, k: Decimal, rate: Decimal) -> str:
    return money(hours * k * rate)


def _item_hours(hours: Hours) -> tuple[Decimal | None, Decimal | None]:
    if hours.kind == "variants":
        values = [v.hours for v in hours.variants]
        return min(values), max(values)
    return hours.min, hours.max


def per_hour(quote: Mapping[str, Any]) -> str:
    """What one norm-hour of a quote costs: the rate times K, rounded as every price is."""
    return money(Decimal(quote["rate"]) * Decimal(quote["k"]))


def price(model: Model, request: Mapping[str, Any]) -> dict[str, Any]:
    """Price of a catalogue item (``item``) or of ``hours`` [``hours_max``] for a ``role``."""
    prices = model.prices
    item = None
    if request.get("item") not in (None, ""):
        item = prices.items().get(str(request["item"]))
        if item is None:
            raise CalcError("item", "unknown")
        role = item.role
        hours = item.hours
    else:
        role = request.get("role") or "developer"
        if role not in prices.coefficients:
            raise CalcError("role", "unknown", choices=list(prices.coefficients))
        if request.get("hours") in (None, ""):
            raise CalcError("hours", "missing")
        low = parse_decimal("hours", request["hours"])
        if low > MAX_HOURS:
            raise CalcError("hours", "too_large")
        high = low
        if request.get("hours_max") not in (None, ""):
            high = parse_decimal("hours_max", request["hours_max"])
            if high > MAX_HOURS:
                raise CalcError("hours_max", "too_large")
            if high < low:
                raise CalcError("hours_max", "below_min")
        hours = Hours(kind="fixed" if high == low else "range", min=low, max=high)

    if request.get("rate") not in (None, ""):
        rate = parse_decimal("rate", request["rate"], places=MONEY_PLACES)
        rate_source, effective, sample = "contract", None, False
    else:
        today = request.get("today")
        found = prices.rate_on(parse_date("today", today).isoformat()) if today else None
        if found is None:
            raise CalcError("rate", "none_in_force")
        rate, rate_source, effective, sample = found.amount, "kb", found.effective, found.sample

    k = prices.coefficients[role]
    low, high = _item_hours(hours)
    result: dict[str, Any] = {
        "item": item.id if item else None,
        "kind": hours.kind,
        "role": role,
        "k": hours_text(k),
        "rate": money(rate),
        "rate_source": rate_source,
        "rate_effective": effective,
        "rate_sample": sample,
        "currency": prices.currency,
        "hours": hours_text(low) if low is not None else None,
        "hours_max": hours_text(high) if high is not None and high != low else None,
        "price": _cost(low, k, rate) if low is not None else None,
        "price_max": _cost(high, k, rate) if high is not None and high != low else None,
        "usually": None,
        "variants": [],
    }
    if hours.usually:
        a, b = hours.usually
        result["usually"] = {"hours": hours_text(a), "hours_max": hours_text(b),
                             "price": _cost(a, k, rate), "price_max": _cost(b, k, rate)}
    for variant in hours.variants:
        result["variants"].append({"hours": hours_text(variant.hours),
                                   "price": _cost(variant.hours, k, rate)})
    return result
