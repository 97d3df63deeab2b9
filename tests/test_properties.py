"""Properties of the calculations over generated requests (Hypothesis)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings, strategies as st

from calculators.api import run
from calculators.errors import CalcError
from calculators.pricing import price
from calculators.timeline import timeline
from calculators.view import view

events = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
hours = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=3)
rates = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)


@st.composite
def timeline_requests(draw, model):
    service = draw(st.sampled_from(model.services))
    request = {"service": service.id, "event": draw(events).isoformat()}
    if service.billing:
        request["billing"] = draw(st.sampled_from(service.billing))
    if draw(st.booleans()):
        request["period_end"] = (date.fromisoformat(request["event"]) + timedelta(days=draw(st.integers(0, 400)))).isoformat()
    policy = model.policies[service.policy]
    licences = next((o for o in policy.options if o.id == "licenses"), None)
    if licences and request.get("billing") in licences.billing:
        request["licenses"] = draw(st.booleans())
    return request


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_phases_come_in_date_order_and_deletion_is_last(model, data):
    request = data.draw(timeline_requests(model))
    result = timeline(model, request)
    starts = [p["from"] for p in result["phases"]]
    assert starts == sorted(starts)
    assert result["begins"] >= request["event"]
    for phase in result["phases"]:
        assert phase["from_latest"] is None or phase["from_latest"] > phase["from"]
        assert date.fromisoformat(phase["last_day"]) == date.fromisoformat(phase["from"]) - timedelta(days=1)
    kinds = [model.states[p["state"]]["kind"] for p in result["phases"]]
    if "deleted" in kinds:  # irreversible: nothing follows a deletion
        assert kinds.index("deleted") == len(kinds) - 1 and result["phases"][-1]["state"] == "deleted"


@settings(max_examples=400, deadline=None)
@given(h=hours, extra=st.one_of(st.none(), hours), rate=rates, role=st.sampled_from(["developer", "content"]))
def test_price_is_hours_times_k_times_rate_rounded_once(model, h, extra, rate, role):
    request = {"hours": str(h), "role": role, "rate": str(rate)}
    if extra is not None:
        request["hours_max"] = str(h + extra)
    q = price(model, request)
    k = model.prices.coefficients[role]
    assert q["price"] == str((h * k * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    if q["price_max"] is not None:
        assert Decimal(q["price"]) <= Decimal(q["price_max"])
        assert q["price_max"] == str(((h + extra) * k * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@settings(max_examples=200, deadline=None)
@given(item=st.data())
def test_every_price_list_item_has_min_at_most_max(model, item):
    chosen = item.draw(st.sampled_from(sorted(model.prices.items())))
    q = price(model, {"item": chosen, "today": "2026-11-23"})
    if q["price"] is not None and q["price_max"] is not None:
        assert Decimal(q["price"]) <= Decimal(q["price_max"])
    if q["usually"]:
        assert Decimal(q["price"]) <= Decimal(q["usually"]["price"]) <= Decimal(q["usually"]["price_max"])


@settings(max_examples=300, deadline=None)
@given(funds=st.decimals(min_value=0, max_value=1000, places=2),
       stages=st.lists(st.decimals(min_value=Decimal("0.25"), max_value=200, places=2), min_size=1, max_size=12))
def test_balance_runs_stages_while_it_can_and_counts_the_top_up(model, funds, stages):
    r = run(model, {"calc": "balance", "balance": str(funds), "stages": ",".join(map(str, stages))})["result"]
    runs = r["runs"]
    assert sum(stages[:runs], Decimal(0)) <= funds
    if r["paused_at"] is not None:
        assert runs == r["paused_at"] - 1
        assert stages[runs] > funds - sum(stages[:runs], Decimal(0))
        assert Decimal(r["top_up_next"]) == stages[runs] - (funds - sum(stages[:runs], Decimal(0)))
    assert Decimal(r["top_up_all"]) == max(sum(stages, Decimal(0)) - funds, Decimal(0))


anything = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
              st.dates().map(str), st.decimals(allow_nan=True, allow_infinity=True).map(str)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=8)
field_names = st.sampled_from(["calc", "service", "event", "billing", "period_end", "period-end", "licenses",
                               "item", "hours", "hours_max", "hours-max", "role", "rate", "today", "balance",
                               "stages", "lang", "unknown"])


@settings(max_examples=1500, deadline=None)
@given(calc=st.one_of(st.sampled_from(["timeline", "price", "balance"]), anything),
       fields=st.dictionaries(field_names, anything, max_size=6), lang=st.sampled_from(["ru", "pl", "de"]))
def test_any_request_gets_an_answer_or_a_worded_error_never_an_exception(model, calc, fields, lang):
    request = {**fields, "calc": calc}
    response = run(model, request)
    assert isinstance(response, dict) and response["ok"] in (True, False)
    shown = view(model, lang, response)
    assert shown["text"]
    if not response["ok"]:  # worded, with every placeholder filled
        leftover = re.search(r"\{(field|value|choices|min|max|event|stage)\}", shown["error"])
        assert shown["error"] and (leftover is None or "{" in repr(request))


@settings(max_examples=300, deadline=None)
@given(request=st.fixed_dictionaries({"service": st.sampled_from(["cloud-pro", "dns", "domain", "nope"]),
                                      "event": st.text(max_size=12), "billing": anything,
                                      "period_end": st.one_of(st.none(), st.text(max_size=12))}))
def test_calculations_raise_only_their_own_error(model, request):
    """Called directly (not through api.run), a calculation still fails only with CalcError."""
    try:
        timeline(model, request)
    except CalcError as exc:
        assert exc.field in request
