"""A calculator response worded for people, in one language.

``view`` turns a response of ``api.run`` into plain strings: a heading, summary lines, a
table (columns and rows), notes, the error message if any, and ``text``: the whole answer
as plain text, ready to paste into a ticket reply. The build renders it into the page, the
browser writes it with textContent, the command line prints ``text``: one wording for all.
"""

from __future__ import annotations

import string
from typing import Any, Mapping

from . import pricing
from .model import Model
from .words import Lang


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    """End a sentence with one full stop, also after an abbreviation ("2026 г.")."""
    return text if text.endswith(".") else text + "."


def _hours(L: Lang, value: str | None) -> str:
    return L.plural("plural.hours", value) if value is not None else ""


def day_text(L: Lang, day: int, day_max: int | None = None) -> str:
    """'день 8', 'с 31 по 71 день': day numbers as every page counts them (day 1 = the event)."""
    if day_max is None:
        return L.t("timeline.day", n=L.number(day))
    return L.t("timeline.days_range", min=L.number(day), max=L.number(day_max))


def _when(L: Lang, first: str, latest: str | None) -> str:
    if latest is None:
        return L.t("calc.timeline.from", date=L.date(first))
    return L.t("calc.timeline.range", min=L.date(first), max=L.date(latest))


def _timeline(L: Lang, request: Mapping[str, Any], r: Mapping[str, Any]) -> dict[str, Any]:
    model = L.model
    service = model.service(r["service"])
    trigger = L.t("trigger." + r["trigger"])
    summary = [f"{_cap(trigger)}: {L.date(r['event'])}"]
    if r["billing"]:
        summary.append(L.t("calc.timeline.billing", billing=L.text(model.billing[r["billing"]]["name"])))
    policy = model.policies[service.policy]
    summary += [L.text(option.name) for option in policy.options if option.id in r["options"]]
    if r["period_end"]:
        summary.append(L.t("calc.timeline.period_end", date=L.date(r["period_end"])))
    summary.append(L.t("calc.timeline.begins", date=L.date(r["begins"])))
    rows = [[L.state_label(service.labels, p["state"]), _when(L, p["from"], p["from_latest"]),
             day_text(L, p["day"], p["day_max"])] for p in r["phases"]]
    lines = [L.t("calc.timeline.line", state=_cap(state), when=when, day=day) for state, when, day in rows]
    notes, act = [], []
    deadline = r["deadline"]
    if deadline and deadline["last_latest"] is None:
        act.append(_sentence(L.t(f"calc.act.{policy.act or r['trigger']}", when=L.date(deadline["last"]))))
    elif deadline:  # the source gives a range of days: the earliest deletion decides, the latest is said too
        deleted = next(p for p in r["phases"] if p["state"] == deadline["state"])
        act.append(_sentence(L.t("calc.timeline.act_range", last=L.date(deadline["last"]),
                                 first=L.date(deleted["from"]), latest=L.date(deleted["from_latest"]))))
    if r["parent"]:  # an add-on whose base service can be deleted first
        base = r["parent"]["deadline"]
        act.insert(0, _sentence(L.t("calc.act_parent", parent=L.text(model.service(r["parent"]["service"]).name),
                                    when=L.date(base["last"]))))  # the earlier last day first
    if r["min_top_up"]:
        top_up = r["min_top_up"]
        notes.append(L.t("service.reactivation",
                         amount=L.money_vat(top_up["amount"], top_up["currency"], top_up["vat"])))
    return {"title": L.text(service.name), "summary": summary,
            "columns": [L.t("calc.timeline.col_state"), L.t("calc.timeline.col_from"), L.t("calc.timeline.col_day")],
            "rows": rows, "act": act, "notes": notes, "lines": lines}


def relative_view(model: Model, lang: str, service_id: str) -> dict[str, Any]:
    """The service's timeline in day numbers only ("day 1 ... day 18"): what a deadline
    calculator shows before it has computed dates for the reader's own inputs."""
    L = Lang.of(model, lang)
    service = model.service(service_id)
    policy = model.policies[service.policy]
    starts = policy.starts()
    rows = [[L.state_label(service.labels, phase.state), day_text(L, *starts[phase.state].day_numbers())]
            for phase in policy.phases]
    summary = [L.t("calc.ui.relative")]
    text = "\n".join([L.text(service.name), *summary, *(f"{_cap(a)}: {b}" for a, b in rows)])
    return {"ok": True, "title": L.text(service.name), "summary": summary,
            "columns": [L.t("calc.timeline.col_state"), L.t("calc.timeline.col_day")],
            "rows": rows, "act": [], "notes": [], "text": text}


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
                  else L.t("calc.price.rate_kb_sample", rate=money(r["rate"])) if r["rate_sample"]
                  else L.t("calc.price.rate_kb", rate=money(r["rate"]), date=L.date(r["rate_effective"])))
    assumed = bool(r["item"]) and model.prices.items()[r["item"]].k_assumed
    summary = [rate_words, L.t("calc.price.k_assumed", k=L.number(r["k"])) if assumed
               else L.t("calc.price.k", k=L.number(r["k"]), who=L.text(model.prices.role_names[r["role"]]))]
    notes = [L.t("prices.sample")] if r["rate_sample"] else []
    kind = r["kind"]
    if kind == "estimate":  # priced by a separate contract: no rate or K of ours applies
        summary, notes = [], []
    rows: list[list[str]] = []
    if kind in ("actual", "estimate"):
        lines = [L.t(f"calc.price.{kind}", rate=money(r["rate"]), k=L.number(r["k"]), per_hour=money(pricing.per_hour(r)))]
    elif kind == "variants":
        item = model.prices.items()[r["item"]]
        rows = [[f"{_hours(L, v['hours'])} ({L.text(var.note)})", money(v["price"])]
                for v, var in zip(r["variants"], item.hours.variants)]
        lines = [f"{a}: {b}" for a, b in rows]
    else:
        hours = _hours(L, r["hours"])
        price = money(r["price"])
        # Hours after "от"/"od" and "до" take the genitive: "от 1 нормо-часа", "od 4 roboczogodzin".
        if kind == "range" or r["hours_max"]:
            hours = L.t("hours.range", min=L.number(r["hours"]), hours=L.plural("plural.hours_to", r["hours_max"]))
            price = L.t("calc.price.span", min=money(r["price"]), max=money(r["price_max"]))
        elif kind == "from":
            hours = L.plural("plural.hours_from", r["hours"])
            price = L.t("calc.price.from", value=price)
        rows = [[L.t("calc.price.hours"), hours], [L.t("calc.price.price"), price]]
        if r["usually"]:
            u = r["usually"]
            rows.append([L.t("calc.price.usually"),
                         L.t("calc.price.span", min=money(u["price"]), max=money(u["price_max"]))
                         + " (" + L.t("hours.range", min=L.number(u["hours"]),
                                      hours=L.plural("plural.hours_to", u["hours_max"])) + ")"])
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
            "rows": rows, "lines": [" — ".join(row) for row in rows],
            # The other rule of the source: undivided work starts only when the balance covers it.
            "notes": [L.t("calc.balance.whole_rule")] if r["paused_at"] is not None else []}


VIEWS = {"timeline": _timeline, "price": _price, "balance": _balance}


def _choice_names(L: Lang, field: str, values: list) -> str:
    """Choices worded for people: services, billing kinds and roles by their names, the rest as they are."""
    known = {"billing": {k: L.text(v["name"]) for k, v in L.model.billing.items()},
             "role": {k: L.text(v) for k, v in L.model.prices.role_names.items()},
             "service": {s.id: L.text(s.name) for s in L.model.services if s.id in values}}.get(field, {})
    return ", ".join(known.get(v, str(v).replace("_", "-")) if isinstance(v, str) else str(v) for v in values)


def error_message(L: Lang, error: Mapping[str, Any]) -> str:
    field = error["field"]
    name = L.strings.get(f"calc.field.{field}", L.strings["calc.field.request"])
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
    shown = {"act": [], **VIEWS[response["calc"]](L, response["request"], response["result"])}
    text = "\n".join([shown["title"], *shown["summary"], *shown["lines"], *shown["act"], *shown["notes"]])
    shown.pop("lines")
    return {"ok": True, **shown, "text": text}
