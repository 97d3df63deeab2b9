"""Properties of the calculations over generated requests (Hypothesis)."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.api import COMMON, FIELDS, run
from calculators.errors import CalcError
from calculators.pricing import price
from calculators.timeline import applicable_fields, timeline
from calculators.view import view

# The whole calendar the API accepts: the property must hold at its ends too.
# The whole calendar, with its ends drawn often: that is where date arithmetic breaks.
events = st.one_of(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
                   st.dates(min_value=date(9999, 9, 1), max_value=date(9999, 12, 31)),
                   st.dates(min_value=date(1, 1, 1), max_value=date(1, 3, 1)))
hours = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=3)
rates = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)
LONGEST = 71  # days from day 1 to the latest phase of any sample policy (the domain's release)


@st.composite
def timeline_requests(draw, model, option=None):
    service = draw(st.sampled_from(model.services))
    request = {"service": service.id, "event": draw(events).isoformat()}
    if service.billing:
        request["billing"] = draw(st.sampled_from(service.billing))
    fields = applicable_fields(model, service, request.get("billing"))
    if "period_end" in fields and draw(st.booleans()):
        request["period_end"] = draw(st.dates(min_value=date.fromisoformat(request["event"]))).isoformat()
    for name in fields[fields.index("event") + 1:]:
        if name not in ("billing", "period_end"):
            request[name] = draw(st.booleans()) if option is None else option
    return request


def _offset(result, day):
    return (date.fromisoformat(day) - date.fromisoformat(result["begins"])).days


@settings(max_examples=1500, deadline=None)
@given(data=st.data())
def test_timeline_invariants_over_the_whole_calendar(model, data):
    request = data.draw(timeline_requests(model))
    try:
        result = timeline(model, request)
    except CalcError as exc:  # only where the calendar really ends
        assert (exc.field, exc.code) == ("event", "date_out_of_range")
        assert request["event"] > "9999-10" or request.get("period_end", "") > "9999-10"
        return
    policy = model.policies[model.service(request["service"]).policy]
    assert result["begins"] >= request["event"]
    starts = [p["from"] for p in result["phases"]]
    assert starts == sorted(starts)
    for phase, start in zip(result["phases"], policy.starts().values()):
        # Day numbers and dates say the same thing: day N is the date D+(N-1).
        assert _offset(result, phase["from"]) == phase["day"] - 1 == start.min
        if phase["from_latest"] is not None:
            assert _offset(result, phase["from_latest"]) == phase["day_max"] - 1 == start.max > start.min
    kinds = [p["kind"] for p in result["phases"]]
    if "deleted" in kinds:  # irreversible: nothing follows a deletion
        assert kinds.index("deleted") == len(kinds) - 1
    deadline = result["deadline"]
    if deadline is not None:  # the day before the irreversible phase, never before the event
        phase = next(p for p in result["phases"] if p["state"] == deadline["state"])
        assert phase["kind"] == "deleted"
        assert (date.fromisoformat(phase["from"]) - date.fromisoformat(deadline["last"])).days == 1
        assert deadline["last"] >= request["event"]
        assert (deadline["last_latest"] is None) == (phase["from_latest"] is None)
    else:
        assert all(k != "deleted" or p["from"] <= request["event"] for k, p in zip(kinds, result["phases"]))
    for lang in model.languages:
        text = view(model, lang, {"ok": True, "calc": "timeline", "request": request, "result": result})["text"]
        assert "{" not in text and ".." not in text


@settings(max_examples=800, deadline=None)
@given(data=st.data())
def test_an_option_that_brings_a_date_forward_never_moves_one_later(model, data):
    request = data.draw(timeline_requests(model, option=True))
    options = [o.id for o in model.policies[model.service(request["service"]).policy].options if o.id in request]
    if not options:
        return
    without = {k: v for k, v in request.items() if k not in options}
    try:
        earlier, later = timeline(model, request), timeline(model, without)
    except CalcError as exc:
        assert exc.code == "date_out_of_range"
        return
    for a, b in zip(earlier["phases"], later["phases"]):
        assert a["from"] <= b["from"]
        assert (a["from_latest"] or a["from"]) <= (b["from_latest"] or b["from"])


def test_the_calendar_is_usable_up_to_its_last_possible_event(model):
    last = (date.max - timedelta(days=LONGEST)).isoformat()
    for service in model.services:
        timeline(model, {"service": service.id, "event": last})  # no error for any service
        timeline(model, {"service": service.id, "event": "0001-01-01"})


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
    r = run(model, {"calc": "balance", "balance": str(funds), "stages": "; ".join(map(str, stages))})["result"]
    runs = r["runs"]
    assert sum(stages[:runs], Decimal(0)) <= funds
    if r["paused_at"] is not None:
        assert runs == r["paused_at"] - 1
        assert stages[runs] > funds - sum(stages[:runs], Decimal(0))
        assert Decimal(r["top_up_next"]) == stages[runs] - (funds - sum(stages[:runs], Decimal(0)))
    assert Decimal(r["top_up_all"]) == max(sum(stages, Decimal(0)) - funds, Decimal(0))


huge = st.integers(min_value=4300, max_value=6000).flatmap(  # past CPython's int-to-text limit
    lambda n: st.sampled_from([10 ** n, -(10 ** n) + 1]))
anything = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), huge, st.floats(), st.text(max_size=20),
              st.just(-0.0), st.just(Decimal("-0")),
              st.dates().map(str), st.decimals(allow_nan=True, allow_infinity=True).map(str)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=8)
field_names = st.sampled_from(["calc", "service", "event", "billing", "period_end", "period-end", "licenses",
                               "item", "hours", "hours_max", "hours-max", "role", "rate", "today", "balance",
                               "stages", "lang", "unknown"])


scopes = st.one_of(st.none(), anything, st.dictionaries(st.just("service"), anything),
                   st.just({"service": ["cloud-pro"]}), st.just({"service": "cloud-pro-x"}))


@settings(max_examples=1500, deadline=None)
@given(calc=st.one_of(st.sampled_from(["timeline", "price", "balance"]), anything),
       fields=st.dictionaries(field_names, anything, max_size=6), lang=st.sampled_from(["ru", "pl", "de"]),
       scope=scopes)
def test_any_request_gets_an_answer_or_a_worded_error_never_an_exception(model, calc, fields, lang, scope):
    request = {**fields, "calc": calc}
    response = run(model, request, scope)
    assert isinstance(response, dict) and response["ok"] in (True, False)
    shown = view(model, lang, response)
    assert shown["text"]
    if not response["ok"]:  # worded, with every placeholder filled, naming a field of the vocabulary
        assert shown["error"] and not re.search(r"\{[a-z_]*\}", shown["error"])
        code = response["error"]["code"]  # every error has its own words, in every language
        assert code == "invalid" or f"calc.error.{code}" in model.strings[lang if lang in model.strings else "ru"]
        assert response["error"]["field"] in {f for fs in FIELDS.values() for f in fs} | {*COMMON, "request", "scope"}


@pytest.mark.parametrize("scope", [[1], "x", 5, {"service": 5}, {"service": "cloud-pro-x"}, {"service": [None]}])
def test_a_scope_that_is_not_one_is_the_requests_error(model, scope):
    """The page's scope narrows the services; one that is not a list of ids is refused in words
    (a string is not a list: "cloud-pro-x" does not offer cloud-pro)."""
    response = run(model, {"calc": "timeline", "service": "cloud-pro", "event": "2026-11-01", "billing": "hourly"},
                   scope)
    assert response["ok"] is False and response["error"]["field"] == "scope", response
    assert response["error"]["code"] == "not_an_object"
    assert view(model, "ru", response)["error"] == "Запрос не распознан."


def test_json_nested_past_what_python_reads_is_not_a_request(model):
    from calculators import browser

    browser._MODEL[:] = [model]
    for text in ("[" * 100_000 + "]" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000):
        answer = json.loads(browser.answer(text, "pl", text))
        assert answer["response"]["error"]["code"] == "not_an_object", answer


@pytest.mark.parametrize("day, code", [("２０２６-11-01", "date_format"), ("٢٠٢٦-١١-٠١", "date_format"),
                                       ("2026-1-01", "date_format"), ("2026-02-30", "date_invalid"), ("2026-11-01", None)])
def test_a_date_in_other_digits_is_a_format_mistake(model, day, code):
    """Digits other than 0-9 are not read as a date, and say how to write one (not 'no such day')."""
    response = run(model, {"calc": "timeline", "service": "cloud-pro", "event": day, "billing": "hourly"})
    assert (response["error"]["code"] if not response["ok"] else None) == code, response


@pytest.mark.parametrize("value, code", [("9" * 16, "too_large"), ("9" * 60, "too_large"), (10 ** 30, "too_large"),
                                         ("9" * 5000, "too_long"), (1e308, "too_long"), (1e20, "too_large"),
                                         ("-" + "9" * 40, "negative"), (1e-20, "too_precise"),
                                         ("0," + "0" * 30 + "1", "too_precise"), (float("nan"), "number_format"),
                                         ("1e308", "number_format"), (2.5, None)])
def test_a_long_number_is_too_large_not_mistyped(model, value, code):
    """Its size (or its precision) is the mistake, as text or as a JSON number, not its form; past
    what any field takes (64 characters), its length."""
    response = run(model, {"calc": "balance", "balance": value, "stages": "1"})
    assert (response["error"]["code"] if not response["ok"] else None) == code, response


MARK = "Zq7"  # no string of the knowledge base contains it


@settings(max_examples=600, deadline=None)
@given(field=st.sampled_from([(c, f) for c, fs in FIELDS.items() for f in fs]),
       junk=st.text(min_size=0, max_size=200), lang=st.sampled_from(["ru", "pl"]))
def test_nothing_from_the_request_is_echoed(model, field, junk, lang):
    calc, name = field
    base = {"timeline": {"service": "cloud-pro", "event": "2026-11-01"}, "price": {"item": "prototype"},
            "balance": {"balance": "10", "stages": "4"}}[calc]
    value = MARK + junk
    response = run(model, {**base, "calc": calc, name: value}, {"service": ["cloud-pro"]})
    shown = view(model, lang, response)
    assert MARK not in shown["text"] and MARK not in json.dumps(response, ensure_ascii=False)


NUMBERS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999"), places=2)


@settings(max_examples=300, deadline=None)
@given(number=NUMBERS, comma=st.booleans(), pad=st.sampled_from(["", " ", "  "]))
def test_decimal_comma_and_point_mean_the_same_everywhere(model, number, comma, pad):
    text = str(number).replace(".", "," if comma else ".")
    q = price(model, {"hours": pad + text + pad, "role": "developer", "rate": "100"})
    assert Decimal(q["hours"]) == number
    stages = run(model, {"calc": "balance", "balance": text, "stages": f"{text}; {text}"})["result"]
    assert [Decimal(s["hours"]) for s in stages["stages"]] == [number, number]


@settings(max_examples=300, deadline=None)
@given(text=st.from_regex(r"[0-9]{1,4}([.,][0-9]{1,3}){2,3}|[0-9]{1,3}[eE][0-9]|[0-9]+ [0-9]{3}", fullmatch=True))
def test_ambiguous_numbers_are_refused_not_guessed(model, text):
    response = run(model, {"calc": "price", "hours": text, "role": "developer", "rate": "100"})
    assert not response["ok"] and response["error"]["code"] == "number_format"


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


NUMBER_FIELDS = [("balance", "balance", {"stages": "1"}), ("balance", "stages", {"balance": "1"}),
                 ("price", "hours", {"role": "developer"}), ("price", "hours_max", {"hours": "1", "role": "developer"}),
                 ("price", "rate", {"hours": "1", "role": "developer"})]


@settings(max_examples=60, deadline=None)
@given(case=st.sampled_from(NUMBER_FIELDS), digits=st.integers(min_value=4300, max_value=20000),
       sign=st.sampled_from(["", "-"]), listed=st.booleans(), lang=st.sampled_from(["ru", "pl"]))
def test_a_number_of_thousands_of_digits_in_json_is_the_fields_error(model, case, digits, sign, listed, lang):
    """Issue 21, point 3: as the browser sends it (JSON text, not a string), a number past
    CPython's 4300-digit limit is refused with its field's words, not a ValueError."""
    from calculators import browser

    calc, field, rest = case
    number = sign + "9" * digits
    value = f"[{number}]" if listed and field == "stages" else number
    text = json.dumps({"calc": calc, **rest, field: 0}).replace(f'"{field}": 0', f'"{field}": {value}')
    browser._MODEL[:] = [model]
    answer = json.loads(browser.answer(text, lang))
    assert answer["response"]["ok"] is False and answer["response"]["error"]["field"] == field, answer
    assert answer["view"]["error"] and "4300" not in answer["view"]["text"]


@pytest.mark.parametrize("zero", ["-0", "-0,0", -0.0, Decimal("-0"), "-0.000"])
def test_minus_zero_is_zero(model, zero):
    """Issue 21, point 3: 'balance -0' answers 0 hours, never '-0'."""
    response = run(model, {"calc": "balance", "balance": zero, "stages": "1"})
    assert response["result"]["balance"] == "0" and response["result"]["remaining"] == "0"
    assert "-0" not in view(model, "ru", response)["text"]
