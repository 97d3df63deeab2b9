"""A calculator response worded for people, in one language.

``view`` turns a response of ``api.run`` into plain strings: a heading, summary lines, a
table (columns and rows), notes, the error message if any, and ``text``: the whole answer
as plain text, ready to paste into a ticket reply. The build renders it into the page, the
browser writes it with textContent, the command line prints ``text``: one wording for all.
"""

from __future__ import annotations

import string
from typing import Any, Mapping

from .model import Model
from .words import Lang


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _hours(L: Lang, value: str | None) -> str:
    return L.plural("plural.hours", value) if value is not None else ""


def _timeline(L: Lang, request: Mapping[str, Any], r: Mapping[str, Any]) -> dict[str, Any]:
    model = L.model
    service = model.service(r["service"])
    trigger = L.t("trigger." + r["trigger"])
    summary = [f"{_cap(trigger)}: {L.date(r['event'])}"]
    if r["billing"]:
        summary.append(L.t("calc.timeline.billing", billing=L.text(model.billing[r["billing"]]["name"])))
    policy = model.policies[service.policy]
    for option in policy.options:
        if option.id in r["options"]:
            summary.append(L.text(option.name))
    if r["period_end"]:
        summary.append(L.t("calc.timeline.period_end", date=L.date(r["period_end"])))
    summary.append(L.t("calc.timeline.begins", date=L.date(r["begins"])))
    rows = []
    for phase in r["phases"]:
        label = service.labels[L.code][phase["state"]]
        when = L.date(phase["from"])
        if phase["from_latest"]:
            when = L.t("calc.timeline.range", min=when, max=L.date(phase["from_latest"]))
        rows.append([label, when, L.date(phase["last_day"])])
    lines = [L.t("calc.timeline.line", state=_cap(row[0]), date=row[1], last=row[2]) for row in rows]
    return {"title": L.text(service.name), "summary": summary,
            "columns": [L.t("calc.timeline.col_state"), L.t("calc.timeline.col_from"), L.t("calc.timeline.col_last")],
            "rows": rows, "notes": [], "lines": lines}


def _price(L: Lang, request: Mapping[str, Any], r: Mapping[str, Any]) -> dict[str, Any]:
    model = L.model
    cur = r["currency"]
    money = lambda v: L.money(v, cur)  # noqa: E731
    if r["item"]:
        item = model.prices.items()[r["item"]]
        title = L.text(item.name)
    else:
        title = L.t("calc.price.custom", who=L.text(model.prices.role_names[r["role"]]))
    rate_words = (L.t("calc.price.rate_contract", rate=money(r["rate"])) if r["rate_source"] == "contract"
                  else L.t("calc.price.rate_kb", rate=money(r["rate"]), date=L.date(r["rate_effective"])))
    summary = [rate_words, L.t("calc.price.k", k=L.number(r["k"]), who=L.text(model.prices.role_names[r["role"]]))]
    notes = [L.t("prices.sample")] if r["rate_sample"] else []
    kind = r["kind"]
    rows: list[list[str]] = []
    if kind in ("actual", "estimate"):
        lines = [L.t(f"calc.price.{kind}", rate=money(r["rate"]), k=L.number(r["k"]))]
    elif kind == "variants":
        item = model.prices.items()[r["item"]]
        rows = [[f"{_hours(L, v['hours'])} ({L.text(var.note)})", money(v["price"])]
                for v, var in zip(r["variants"], item.hours.variants)]
        lines = [f"{a}: {b}" for a, b in rows]
    else:
        hours = _hours(L, r["hours"])
        price = money(r["price"])
        if kind == "range" or r["hours_max"]:
            hours = L.t("calc.price.span", min=L.number(r["hours"]), max=_hours(L, r["hours_max"]))
            price = L.t("calc.price.span", min=money(r["price"]), max=money(r["price_max"]))
        elif kind == "from":
            hours = L.t("calc.price.from", value=hours)
            price = L.t("calc.price.from", value=price)
        rows = [[L.t("calc.price.hours"), hours], [L.t("calc.price.price"), price]]
        if r["usually"]:
            u = r["usually"]
            rows.append([L.t("calc.price.usually"),
                         L.t("calc.price.span", min=money(u["price"]), max=money(u["price_max"]))
                         + " (" + L.t("calc.price.span", min=L.number(u["hours"]), max=_hours(L, u["hours_max"])) + ")"])
        lines = [f"{a}: {b}" for a, b in rows]
    return {"title": title, "summary": summary,
            "columns": [L.t("calc.price.col_what"), L.t("calc.price.col_value")] if rows else [],
            "rows": rows, "notes": notes, "lines": lines}


def _balance(L: Lang, request: Mapping[str, Any], r: Mapping[str, Any]) -> dict[str, Any]:
    rows = []
    for stage in r["stages"]:
        rows.append([L.t("calc.balance.stage", n=stage["stage"]), _hours(L, stage["hours"]),
                     L.t(f"calc.balance.{stage['status']}"),
                     _hours(L, stage["balance_after"]) if stage["balance_after"] is not None else "—"])
    if r["paused_at"] is None:
        verdict = L.t("calc.balance.covered", total=_hours(L, r["total"]), remaining=_hours(L, r["remaining"]))
    else:
        verdict = L.t("calc.balance.paused", stage=r["paused_at"], next=_hours(L, r["top_up_next"]),
                      all=_hours(L, r["top_up_all"]))
    summary = [L.t("calc.balance.summary", balance=_hours(L, r["balance"]), total=_hours(L, r["total"])), verdict]
    return {"title": L.t("calc.balance.title"), "summary": summary,
            "columns": [L.t(f"calc.balance.col_{c}") for c in ("stage", "hours", "status", "after")],
            "rows": rows, "notes": [], "lines": [" — ".join(row) for row in rows]}


VIEWS = {"timeline": _timeline, "price": _price, "balance": _balance}


def _choice_names(L: Lang, field: str, values: list) -> str:
    """Choices worded for people: billing kinds and roles by their names, the rest as they are."""
    known = {"billing": {k: L.text(v["name"]) for k, v in L.model.billing.items()},
             "role": {k: L.text(v) for k, v in L.model.prices.role_names.items()}}.get(field, {})
    return ", ".join(known.get(v, str(v).replace("_", "-")) if isinstance(v, str) else str(v) for v in values)


def error_message(L: Lang, error: Mapping[str, Any]) -> str:
    field = error["field"]
    name = L.strings.get(f"calc.field.{field}", field)
    params = {k: (_choice_names(L, field, v) if isinstance(v, list) else v)
              for k, v in error.get("params", {}).items()}
    key = f"calc.error.{error['code']}"
    template = L.strings.get(key, L.strings["calc.error.invalid"])
    try:
        return _cap(template.format(field=name, **{k: params.get(k, "") for k in _names(template)}))
    except (KeyError, IndexError, ValueError):
        return _cap(L.strings["calc.error.invalid"].format(field=name))


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name and name != "field"}


def view(model: Model, lang: str, response: Mapping[str, Any]) -> dict[str, Any]:
    L = Lang.of(model, lang if lang in model.languages else model.languages[0])
    if not response.get("ok"):
        message = error_message(L, response["error"])
        return {"ok": False, "field": response["error"]["field"], "error": message, "text": message}
    shown = VIEWS[response["calc"]](L, response["request"], response["result"])
    text = "\n".join([shown["title"], *shown["summary"], *shown["lines"], *shown["notes"]])
    shown.pop("lines")
    return {"ok": True, **shown, "text": text}
