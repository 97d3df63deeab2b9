"""Deadline timeline: what happens to a service, and on which dates, once it is not paid.

Dates only: an event on day D and a phase "after N days" starts on D+N; the last day to act
before a phase is the day before it starts. A range ("30 to 70 days") gives both dates.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Callable, Mapping

from .errors import CalcError
from .model import Days, Model, Policy


def parse_date(field: str, value: Any) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) != 10:
        raise CalcError(field, "date_format", value=str(value))
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CalcError(field, "date_invalid", value=value) from None


def _first_of_next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


# How the first phase's day follows from the event and the end of the prepaid period.
BEGIN_RULES: dict[str, Callable[[date, date | None], date]] = {
    "event": lambda event, period_end: event,
    "period-end": lambda event, period_end: period_end or event,
    "first-of-next-month": lambda event, period_end: min(
        _first_of_next_month(event), period_end or date.max),
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


def _shift(day: date, days: int) -> str:
    return (day + timedelta(days=days)).isoformat()


def timeline(model: Model, request: Mapping[str, Any]) -> dict[str, Any]:
    """Phases of one service, with dates, for a request in the shared vocabulary."""
    service_id = request.get("service")
    service = model.service(service_id) if isinstance(service_id, str) else None
    if service is None:
        raise CalcError("service", "unknown", value=str(service_id))
    policy = model.policies[service.policy]
    event = parse_date("event", request.get("event"))

    billing = request.get("billing") or (service.billing[0] if service.billing else None)
    if billing is not None and billing not in service.billing:
        raise CalcError("billing", "not_offered", value=str(billing),
                        choices=list(service.billing))

    period_end = None
    if request.get("period_end") not in (None, ""):
        period_end = parse_date("period_end", request["period_end"])
        if period_end < event:
            raise CalcError("period_end", "before_event", value=period_end.isoformat(),
                            event=event.isoformat())

    rule = policy.begins_rule(billing)
    options = []
    if request.get("licenses"):
        option = next((o for o in policy.options if o.id == "licenses"), None)
        if option is None or billing not in option.billing:
            raise CalcError("licenses", "not_applicable", billing=str(billing),
                            choices=list(option.billing) if option else [])
        rule = option.begins
        options.append(option.id)

    begins = BEGIN_RULES[rule](event, period_end)
    starts = policy.starts()
    phases = []
    for phase in policy.phases:
        start: Days = starts[phase.state]
        earliest = _shift(begins, start.min)
        phases.append({
            "state": phase.state,
            "after_days": start.min,
            "after_days_max": None if start.exact else start.max,
            "from": earliest,
            "from_latest": None if start.exact else _shift(begins, start.max),
            "last_day": _shift(begins, start.min - 1),
        })
    return {
        "service": service.id,
        "event": event.isoformat(),
        "billing": billing,
        "period_end": period_end.isoformat() if period_end else None,
        "options": options,
        "trigger": policy.trigger,
        "begins": begins.isoformat(),
        "begins_rule": rule,
        "phases": phases,
    }
