"""Balance check: do the prepaid norm-hours cover every stage of a request?

The seed's rule: hours are deducted stage by stage as each stage is accepted; when, after a
stage is paid, the balance cannot pay the next one, work pauses until the balance is topped
up. So the stages run in order while the balance covers them, and work pauses before the
first stage it cannot pay.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping

from .errors import CalcError
from .pricing import MAX_HOURS, hours_text, parse_decimal

MAX_STAGES = 100
SEPARATOR = ";"


def parse_stages(value: Any) -> list[Decimal]:
    if isinstance(value, str):
        # Stages are separated by semicolons: a comma is the decimal comma ("4,5; 8").
        parts = value.split(SEPARATOR)
    elif isinstance(value, (list, tuple)):
        parts = list(value)
    else:
        raise CalcError("stages", "missing")
    parts = [p.strip() if isinstance(p, str) else p for p in parts]
    if len(parts) > 1 and parts[-1] == "":  # "8; 8;" : a trailing separator is harmless
        parts.pop()
    if not parts or parts == [""]:
        raise CalcError("stages", "missing")
    if len(parts) > MAX_STAGES:
        raise CalcError("stages", "too_many", max=MAX_STAGES)
    stages = []
    for index, part in enumerate(parts, start=1):
        try:
            stages.append(parse_decimal("stages", part))
        except CalcError as exc:
            raise CalcError("stages", "stage_" + exc.code, stage=index, **exc.params) from None
        if stages[-1] > MAX_HOURS:
            raise CalcError("stages", "stage_too_large", stage=index)
    return stages


def balance(request: Mapping[str, Any]) -> dict[str, Any]:
    if request.get("balance") in (None, ""):
        raise CalcError("balance", "missing")
    funds = parse_decimal("balance", request["balance"], positive=False)
    if funds < 0:
        raise CalcError("balance", "negative")
    if funds > MAX_HOURS:
        raise CalcError("balance", "too_large")
    stages = parse_stages(request.get("stages"))
    remaining = funds
    rows = []
    paused_at = None
    for number, hours in enumerate(stages, start=1):
        if paused_at is None and hours <= remaining:
            remaining -= hours
            rows.append({"stage": number, "hours": hours_text(hours), "status": "runs",
                         "balance_after": hours_text(remaining)})
        else:
            paused_at = paused_at or number
            rows.append({"stage": number, "hours": hours_text(hours), "status": "waits", "balance_after": None})
    total = sum(stages, Decimal(0))
    return {
        "balance": hours_text(funds),
        "total": hours_text(total),
        "stages": rows,
        "runs": sum(1 for r in rows if r["status"] == "runs"),
        "paused_at": paused_at,
        "remaining": hours_text(remaining),
        "top_up_next": hours_text(stages[paused_at - 1] - remaining) if paused_at else None,
        "top_up_all": hours_text(max(total - funds, Decimal(0))),
    }
