"""Deadline timeline: what happens to a service, and on which dates, once it is not paid.

Dates only. Day 1 is the day the timeline begins (the day the funds ran out, the end of the
paid period, the end of the contract); a phase "after N days" starts on day N+1, the date
D+N. A range ("30 to 70 days") gives both dates. The last day to act is the day before an
irreversible phase begins, and never a day before the event.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, Callable, Mapping

from .errors import CalcError
from .model import Days, Model, Policy, Service

DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # YYYY-MM-DD: nothing else is parsed (or repeated back)
FEW = 5  # services an error names one by one


def parse_date(field: str, value: Any) -> date:
    if isinstance(value, date):
        return value
    if value is None or value == "":
        raise CalcError(field, "missing")
    if not isinstance(value, str) or not DATE.fullmatch(value):  # ASCII digits: "２０２６" is not a year here
        raise CalcError(field, "date_format")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CalcError(field, "date_invalid") from None


def _next_first(day: date) -> date:
    """The next 1st of a month on or after ``day``: a monthly licence renews that day, so with
    the funds gone by then it cannot be paid (an event on the 1st itself is that day)."""
    if day.day == 1:
        return day
    if (day.year, day.month) == (9999, 12):
        raise CalcError("event", "date_out_of_range")
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


# How the first phase's day follows from the event and the end of the prepaid period.
BEGIN_RULES: dict[str, Callable[[date, date | None], date]] = {
    "event": lambda event, period_end: event,
    "period-end": lambda event, period_end: period_end or event,
    "first-of-next-month": lambda event, period_end: min(_next_first(event), period_end or date.max),
}


def state_at(policy: Policy, day: int) -> str:
    """The state in force ``day`` days after the timeline begins ("running" before any phase).

    Used for exact policies only; a policy with ranges words its matrix row itself.
    """
    current = "running"
    for state, start in policy.starts().items():
        if start.max <= day:
            current = state
    return current


def matrix_cells(policy: Policy, columns: tuple[int, ...]) -> list[str]:
    if policy.matrix is not None:
        return list(policy.matrix)
    return [state_at(policy, column) for column in columns]


def applicable_fields(model: Model, service: Service, billing: str | None) -> tuple[str, ...]:
    """The request fields that mean something for this service and billing kind (in form order)."""
    policy = model.policies[service.policy]
    billing = billing or (service.billing[0] if service.billing else None)
    fields = ["service", "event"]
    if service.billing:
        fields.append("billing")
    if policy.begins_rule(billing) != "event":
        fields.append("period_end")
    fields += [option.id for option in policy.options if billing in option.billing]
    return tuple(fields)


def _shift(field: str, day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:  # the calendar ends on 9999-12-31 and begins on 0001-01-01
        raise CalcError(field, "date_out_of_range") from None


def _service(model: Model, request: Mapping[str, Any], services: tuple[str, ...] | None) -> Service:
    service_id = request.get("service")
    service = model.service(service_id) if isinstance(service_id, str) else None
    if service is None:
        raise CalcError("service", "unknown")
    if services is not None and service.id not in services:
        # Named when there are a few; a long list would fill a phone's screen twice.
        raise CalcError("service", "not_here", choices=list(services)) if len(services) <= FEW \
            else CalcError("service", "not_here_many")
    return service


def _begins(model: Model, service: Service, request: Mapping[str, Any], event: date):
    """The day the timeline begins, the billing kind and the options that applied."""
    policy = model.policies[service.policy]
    billing = request.get("billing") or (service.billing[0] if service.billing else None)
    if billing is not None and not service.billing:
        raise CalcError("billing", "not_applicable")
    if billing is not None and billing not in service.billing:
        raise CalcError("billing", "not_offered", choices=list(service.billing))
    fields = applicable_fields(model, service, billing)

    period_end = None
    if request.get("period_end") not in (None, ""):
        if "period_end" not in fields:
            raise CalcError("period_end", "not_applicable")
        period_end = parse_date("period_end", request["period_end"])
        if period_end < event:
            raise CalcError("period_end", "before_event")

    begins = BEGIN_RULES[policy.begins_rule(billing)](event, period_end)
    every_option = {o.id for p in model.policies.values() for o in p.options}
    for name in sorted(every_option - set(fields)):
        if request.get(name):
            raise CalcError(name, "not_applicable")
    options = []
    for option in policy.options:
        if request.get(option.id):
            # An option can only bring the beginning forward (the source: "even if prepaid").
            begins = min(begins, BEGIN_RULES[option.begins](event, period_end))
            options.append(option.id)
    return begins, billing, period_end, options


def _phases(model: Model, policy: Policy, begins: date, event: date) -> tuple[list[dict[str, Any]], dict | None]:
    """Each phase's dates from the day the timeline begins, and the last day to act before
    the first irreversible one (None: nothing is deleted, or that day has passed)."""
    starts = policy.starts()
    gone = policy.deletion(model.states)
    phases = []
    deadline = None
    for phase in policy.phases:
        start: Days = starts[phase.state]
        first = _shift("event", begins, start.min)
        latest = None if start.exact else _shift("event", begins, start.max)
        day, day_max = start.day_numbers()
        kind = model.states[phase.state]["kind"]
        phases.append({
            "state": phase.state,
            "kind": kind,
            "day": day,
            "day_max": day_max,
            "from": first.isoformat(),
            "from_latest": latest.isoformat() if latest else None,
        })
        if gone and phase.state == gone[0]:
            last = _shift("event", first, -1)
            if last >= event:
                deadline = {"state": phase.state, "last": last.isoformat(),
                            "last_latest": _shift("event", latest, -1).isoformat() if latest else None}
    return phases, deadline


def timeline(model: Model, request: Mapping[str, Any], services: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Phases of one service, with dates, for a request in the shared vocabulary.

    ``services``: the services a calculator offers (None: all); another one is an error.
    """
    service = _service(model, request, services)
    policy = model.policies[service.policy]
    event = parse_date("event", request.get("event"))
    begins, billing, period_end, options = _begins(model, service, request, event)
    phases, deadline = _phases(model, policy, begins, event)
    parent_deadline = None
    if service.parent:  # an add-on (a sub-row): its base service's deadline, when that comes first
        parent_deadline = _phases(model, model.policies[model.service(service.parent).policy], begins, event)[1]
        if parent_deadline and deadline and parent_deadline["last"] >= deadline["last"]:
            parent_deadline = None
    react = policy.reactivation
    top_up = None
    if react and (not policy.reactivation_billing or billing in policy.reactivation_billing):
        top_up = {"amount": str(react.amount), "currency": react.currency, "vat": react.vat}
    return {
        "service": service.id,
        "event": event.isoformat(),
        "billing": billing,
        "period_end": period_end.isoformat() if period_end else None,
        "options": options,
        "trigger": policy.trigger,
        "begins": begins.isoformat(),
        "phases": phases,
        "deadline": deadline,
        "parent": {"service": service.parent, "deadline": parent_deadline} if parent_deadline else None,
        "min_top_up": top_up,
    }
