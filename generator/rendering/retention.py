"""Retention in HTML, in one language: the matrix of a service group, a service's timeline,
a domain's periods, what reactivates a service and the tariff changes a policy allows."""

from __future__ import annotations

from typing import Iterable

from calculators.model import Days, Policy, Service
from calculators.timeline import matrix_cells
from calculators.view import day_text
from calculators.words import Lang
from generator.rendering.markup import Href, RenderError, _e, _lookup, _tag


def service_by_id(L: Lang, service_id: str) -> Service:
    return _lookup("service", service_id, L.model.services_by_id)  # type: ignore[return-value]


def policy_by_id(L: Lang, policy_id: str) -> Policy:
    return _lookup("policy", policy_id, L.model.policies)  # type: ignore[return-value]


# --- retention ---------------------------------------------------------------------------

def _column_headers(L: Lang, columns: tuple[int, ...]) -> list[str]:
    """Day buckets as every page counts days (day 1 = the event): '1–7', '8–17', 'from day 18'.

    A column starts on the day its phase begins: offset N is day N+1, and it runs to the day
    before the next column's first day.
    """
    heads = []
    for i, offset in enumerate(columns):
        first = offset + 1
        if i + 1 < len(columns):
            heads.append(L.t("matrix.days", min=L.number(first), max=L.number(columns[i + 1])))
        else:
            heads.append(L.t("matrix.from_day", n=L.number(first)))
    return heads


def _state_kind(L: Lang, state: str) -> str:
    return "available" if state == "running" else L.model.states[state]["kind"]


def retention_matrix(L: Lang, group_id: str, href: Href) -> str:
    group = _lookup("group", group_id, {g.id: g for g in L.model.groups})
    if not group.matrix:  # type: ignore[attr-defined]
        raise RenderError(f"group '{group_id}' has no retention matrix (matrix: false)")
    columns = group.columns  # type: ignore[attr-defined]
    heads = "".join(_tag("th", _e(h), scope="col") for h in _column_headers(L, columns))
    rows = []
    footnotes: list[str] = []
    for service in (s for s in L.model.services if s.group == group_id):
        policy = L.model.policies[service.policy]
        cells = ["running"] + matrix_cells(policy, columns)
        # Merge equal neighbours the way the source table does ("off" over 0/7 and 8/17).
        tds = []
        i = 1
        tds.append(_tag("td", _e(service.labels[L.code]["running"]), class_="kb-s-available"))
        while i < len(cells):
            span = 1
            while i + span < len(cells) and cells[i + span] == cells[i]:
                span += 1
            state = cells[i]
            tds.append(_tag("td", _e(service.labels[L.code][state]), class_=f"kb-s-{_state_kind(L, state)}",
                            colspan=str(span) if span > 1 else None))
            i += span
        name = _e(service.short[L.code] if service.parent else service.name[L.code])
        if service.footnote:
            if service.footnote not in footnotes:
                footnotes.append(service.footnote)
            name += "*" * (footnotes.index(service.footnote) + 1)
        link = _tag("a", name, href=href(f"services/{service.id}/"))
        prefix = '<span class="kb-sub" aria-hidden="true">∟ </span>' if service.parent else ""
        rows.append(_tag("tr", _tag("th", prefix + link, scope="row") + "".join(tds),
                         id=service.id, class_="kb-child" if service.parent else None))
    head = (
        "<thead>"
        + _tag("tr", _tag("th", _e(L.t("matrix.service")), rowspan="2", scope="col")
               + _tag("th", _e(L.t("matrix.sufficient")), rowspan="2", scope="col")
               + _tag("th", _e(L.t("matrix.insufficient")), colspan=str(len(columns)), scope="colgroup"))
        + _tag("tr", heads)
        + "</thead>"
    )
    notes = "".join(_tag("p", "*" * (i + 1) + " " + _e(L.t(f"footnote.{key}")), class_="kb-footnote")
                    for i, key in enumerate(footnotes))
    table = _tag("table", head + "<tbody>" + "".join(rows) + "</tbody>")
    counting = _tag("p", _e(L.t("matrix.counting")), class_="kb-counting")
    return _tag("div", _tag("div", table, class_="kb-scroll") + counting + notes + legend(L),
                class_="kb-matrix", id=f"matrix-{group_id}")


def legend(L: Lang) -> str:
    items = "".join(
        _tag("li", _tag("span", _e(L.t(f"legend.{kind}.name")), class_=f"kb-swatch kb-s-{kind}")
             + " " + _e(L.t(f"legend.{kind}.text")))
        for kind in ("available", "unavailable", "deleted"))
    return _tag("div", _tag("p", _e(L.t("legend.title")), class_="kb-legend-title") + _tag("ul", items),
                class_="kb-legend")


def day_span(L: Lang, days: Days) -> str:
    """When a phase begins, as a day number: offset N (the date D+N) is day N+1."""
    return day_text(L, *days.day_numbers())


def begins_text(L: Lang, service: Service) -> list[str]:
    """What 'day 0' of the timeline is, for each billing kind of the service."""
    policy = L.model.policies[service.policy]
    trigger = L.t(f"trigger.{policy.trigger}")
    lines = []
    kinds: Iterable[str | None] = service.billing or [None]
    for kind in kinds:
        rule = policy.begins_rule(kind)
        what = L.t(f"begins.{rule}", trigger=trigger)
        if kind and len(service.billing) > 1:
            what = L.t("begins.for_billing", billing=L.text(L.model.billing[kind]["name"]), what=what)
        lines.append(what)
    for option in policy.options:
        lines.append(L.t("begins.option", option=L.text(option.name), what=L.t(f"begins.{option.begins}",
                                                                                  trigger=trigger)))
    return list(dict.fromkeys(lines))


def service_timeline(L: Lang, service_id: str) -> str:
    service = service_by_id(L, service_id)
    policy = L.model.policies[service.policy]
    starts = policy.starts()
    rows = []
    for phase in policy.phases:
        kind = _state_kind(L, phase.state)
        rows.append(_tag("tr",
                         _tag("td", _e(L.state_label(service.labels, phase.state)), class_=f"kb-s-{kind}")
                         + _tag("td", _e(day_span(L, starts[phase.state])))
                         + _tag("td", _e(L.text(phase.note))),
                         id=f"{service.id}-{phase.state}"))
    head = _tag("tr", "".join(_tag("th", _e(L.t(k)), scope="col")
                              for k in ("timeline.state", "timeline.starts", "timeline.what")))
    day1 = "".join(_tag("li", _e(line)) for line in begins_text(L, service))
    intro = _tag("p", _e(L.t("timeline.day1"))) + _tag("ul", day1)
    table = _tag("div", _tag("table", "<thead>" + head + "</thead><tbody>" + "".join(rows) + "</tbody>"),
                 class_="kb-scroll")
    return _tag("div", intro + table, class_="kb-timeline", id=f"timeline-{service.id}")


def domain_periods(L: Lang, policy_id: str) -> str:
    policy = policy_by_id(L, policy_id)
    if not policy.periods:
        raise RenderError(f"policy '{policy_id}' has no periods")
    head = _tag("tr", "".join(_tag("th", _e(L.t(f"periods.{k}")), scope="col")
                              for k in ("period", "duration", "status", "renewal", "domain")))
    rows = []
    for period in policy.periods:
        duration = period.get("duration")
        if duration is None:
            length = "—"
        elif "months" in duration:
            length = L.plural("plural.months", duration["months"])
        else:
            length = L.t("periods.range", min=L.number(duration["min"]), max=L.number(duration["max"]))
        cells = [
            _tag("th", _e(L.text(period["name"])), scope="row"),
            _tag("td", _e(length)),
            _tag("td", _e(L.t("periods.online" if period["online"] else "periods.offline"))),
            _tag("td", _e(L.t("periods.renewal_yes" if period["renewal"] else "periods.renewal_no"))),
            _tag("td", _e(L.t(f"periods.domain_{period['domain'].replace('-', '_')}"))),
        ]
        rows.append(_tag("tr", "".join(cells)))
    return _tag("div", _tag("table", "<thead>" + head + "</thead><tbody>" + "".join(rows) + "</tbody>"),
                class_="kb-scroll")


def reactivation(L: Lang, policy_id: str) -> str:
    return _e(reactivation_text(L, policy_id))


def reactivation_text(L: Lang, policy_id: str) -> str:
    """The minimum top-up that reactivates the service: '12,99 zł netto (bez VAT)'."""
    policy = policy_by_id(L, policy_id)
    if policy.reactivation is None:
        raise RenderError(f"policy '{policy_id}' has no reactivation amount")
    react = policy.reactivation
    return L.money_vat(react.amount, react.currency, react.vat)


def tariff_changes(L: Lang, policy_id: str) -> str:
    policy = policy_by_id(L, policy_id)
    names = L.model.billing
    items = "".join(_tag("li", _e(L.t("tariff.change", old=L.text(names[a]["name_from"]), new=L.text(names[b]["name"]))))
                    for a, b in policy.tariff_changes)
    return _tag("ul", items)
