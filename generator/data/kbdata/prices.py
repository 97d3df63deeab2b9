"""Prices (kbdata/prices.yaml): read into the model's form, and what the schema cannot say
checked: ids used once, one rate per day, roles that have a coefficient, bounds in order."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from babel.numbers import list_currencies

from generator.data.errors import Place
from generator.data.kbdata.context import Context, amount, text
from generator.data.schema import Doc
from generator.data.suggest import did_you_mean


def prices(ctx: Context, today: str = "") -> dict[str, Any] | None:
    doc = ctx.read(ctx.root / "prices.yaml", "prices")
    if doc is None:
        return None
    m = doc.value
    known_currency(ctx, doc, ("currency",), m["currency"])
    first = min(range(len(m["rates"])), key=lambda i: m["rates"][i]["effective"])
    if today and m["rates"][first]["effective"] > today:
        ctx.fail(doc, ("rates", first, "effective"), f"no rate is in force on {today} (the build's date): the first "
                                                     f"takes effect on {m['rates'][first]['effective']}; keep the "
                                                     f"current rate and add the new one beside it")
    rates = []
    dates: dict[str, Place] = {}
    for i, rate in enumerate(m["rates"]):
        when = rate["effective"]
        if when in dates:
            ctx.fail(doc, ("rates", i, "effective"), f"two rates take effect on {when} (the other at {dates[when]})")
        dates.setdefault(when, doc.place(("rates", i, "effective")))
        rates.append({"amount": amount(rate["amount"]), "effective": when, "sample": rate.get("sample", False)})
    coefficients = {role: {"k": amount(c["k"]), "name": text(c["name"])} for role, c in m["coefficients"].items()}
    seen: dict[str, Place] = {}
    regulated = []
    for i, entry in enumerate(m["regulated"]):
        item = _item(ctx, doc, ("regulated", i), "developer", coefficients, seen, False, default_checked=False)
        item["number"] = doc.node(("regulated", i, "number")).text.strip() if "number" in entry else None
        item["clause"] = entry.get("clause")
        regulated.append(item)
    tables = []
    table_ids: set[str] = set()
    for i, t in enumerate(m["tables"]):
        if t["id"] in table_ids:
            ctx.fail(doc, ("tables", i, "id"), f"table id '{t['id']}' is used twice")
        table_ids.add(t["id"])
        _role(ctx, doc, ("tables", i), t["role"], coefficients)
        if t.get("footnote"):  # checked against the UI strings once they are read
            ctx.places.setdefault(("footnote", t["footnote"]), doc.place(("tables", i, "footnote")))
        items = [_item(ctx, doc, ("tables", i, "items", j), t["role"], coefficients, seen, t.get("k_assumed", False),
                       default_checked=True) for j in range(len(t["items"]))]
        tables.append({"id": t["id"], "role": t["role"], "name": text(t["name"]), "footnote": t.get("footnote"),
                       "measure": t.get("measure"), "items": items})
    return {"currency": m["currency"], "rates": rates, "coefficients": coefficients,
            "regulated": regulated, "tables": tables}


def known_currency(ctx: Context, doc: Doc, path: tuple[Any, ...], code: str) -> None:
    """An ISO 4217 code that CLDR knows (how to write the amount depends on it)."""
    codes = list_currencies()
    if code not in codes:
        ctx.fail(doc, path, f"currency '{code}' is not an ISO 4217 currency code{did_you_mean(code, codes)}")


def _role(ctx: Context, doc: Doc, path: tuple[Any, ...], role: str, coefficients: dict[str, Any]) -> None:
    if role not in coefficients:
        where = path + ("role",) if "role" in doc.value_at(path) else path
        ctx.fail(doc, where, f"role '{role}' has no coefficient in 'coefficients' "
                             f"(coefficients: {', '.join(sorted(coefficients))})")


def _item(ctx: Context, doc: Doc, path: tuple[Any, ...], default_role: str, coefficients: dict[str, Any],
          seen: dict[str, Place], k_assumed: bool, *, default_checked: bool) -> dict[str, Any]:
    m = doc.value_at(path)
    iid = m["id"]
    if iid in seen:
        ctx.fail(doc, path + ("id",), f"paid item id '{iid}' is used twice (first at {seen[iid]})")
    seen.setdefault(iid, doc.place(path + ("id",)))
    role = m.get("role", default_role)
    if "role" in m or not default_checked:
        _role(ctx, doc, path, role, coefficients)
    return {"id": iid, "name": text(m["name"]), "role": role, "hours": _hours(ctx, doc, path, m),
            "note": text(m["note"]) if "note" in m else None, "k_assumed": m.get("k_assumed", k_assumed)}


def _hours(ctx: Context, doc: Doc, path: tuple[Any, ...], m: dict[str, Any]) -> dict[str, Any]:
    if "variants" in m:
        return {"kind": "variants", "variants": [{"hours": amount(v["hours"]), "note": text(v["note"])}
                                                  for v in m["variants"]]}
    hours = m["hours"]
    if hours in ("actual", "estimate"):
        return {"kind": hours}
    if not isinstance(hours, dict):
        return {"kind": "fixed", "min": amount(hours), "max": amount(hours)}
    path = path + ("hours",)
    low = amount(hours["from"])
    if "to" in hours:
        if "usually" in hours:
            ctx.fail(doc, path + ("usually",), "hours: 'usually' goes with a lower bound alone "
                                               "({from: N, usually: {...}}), not with 'to'")
        high = amount(hours["to"])
        if Decimal(high) < Decimal(low):
            ctx.fail(doc, path + ("to",), f"hours: 'to' ({high}) is below 'from' ({low})")
        return {"kind": "range", "min": low, "max": high}
    result: dict[str, Any] = {"kind": "from", "min": low}
    if "usually" in hours:
        a, b = amount(hours["usually"]["from"]), amount(hours["usually"]["to"])
        if Decimal(b) < Decimal(a):
            ctx.fail(doc, path + ("usually", "to"), f"usually: 'to' ({b}) is below 'from' ({a})")
        if Decimal(a) < Decimal(low):
            ctx.fail(doc, path + ("usually", "from"), f"usually: 'from' ({a}) is below the lower bound ({low})")
        result["usually"] = [a, b]
    return result
