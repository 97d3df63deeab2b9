"""The calculations on cases derived by hand from the seeds (dates counted on a calendar,
prices multiplied out on paper), plus the bad inputs each must refuse."""

from __future__ import annotations

import copy

import pytest

from calculators.errors import CalcError
from calculators.model import from_dict
from calculators.pricing import price
from calculators.timeline import matrix_cells, timeline


def phases(result):
    return [(p["state"], p["from"], p["from_latest"], p["day"]) for p in result["phases"]]


# --- timeline ----------------------------------------------------------------------------

def test_hourly_cloud_pro_goes_off_at_once_archived_after_7_deleted_after_17(model):
    # Seed 004: hourly server off when funds run out; archived within a week; deleted 10 days later.
    result = timeline(model, {"service": "cloud-pro", "billing": "hourly", "event": "2026-11-01"})
    assert result["begins"] == "2026-11-01"
    # Day 1 is the event: off on days 1-7, archived on days 8-17, deleted from day 18 (D+17).
    assert phases(result) == [
        ("off", "2026-11-01", None, 1),
        ("archived", "2026-11-08", None, 8),
        ("deleted", "2026-11-18", None, 18),
    ]
    # The last day to act comes before the irreversible phase only, worded for a top-up.
    assert result["deadline"] == {"state": "deleted", "last": "2026-11-17", "last_latest": None}
    assert result["min_top_up"] == {"amount": "12.99", "currency": "PLN", "vat": "excluded"}


def test_the_minimum_top_up_is_for_hourly_cloud_pro_only(model):
    result = timeline(model, {"service": "cloud-pro", "billing": "monthly", "event": "2026-11-01"})
    assert result["min_top_up"] is None

def test_monthly_cloud_pro_without_licences_runs_to_the_end_of_its_period(model):
    result = timeline(model, {"service": "cloud-pro", "billing": "monthly", "event": "2026-11-01",
                              "period_end": "2026-11-20"})
    assert phases(result)[0][:2] == ("off", "2026-11-20")
    assert phases(result)[2][:2] == ("deleted", "2026-12-07")


def test_monthly_licences_switch_the_server_off_on_the_1st_of_next_month_even_if_prepaid(model):
    result = timeline(model, {"service": "cloud-pro", "billing": "yearly", "event": "2026-11-10",
                              "period_end": "2027-11-10", "licenses": True})
    assert result["begins"] == "2026-12-01" and result["options"] == ["licenses"]
    assert [p[1] for p in phases(result)] == ["2026-12-01", "2026-12-08", "2026-12-18"]


def test_monthly_licences_never_move_a_date_later(model):
    # Issue example: without a period end the event is the renewal day; the licences rule
    # ("off on the 1st of next month even if prepaid") can only bring the switch-off forward.
    base = {"service": "cloud-pro", "billing": "monthly", "event": "2026-11-10"}
    without = timeline(model, base)
    with_licences = timeline(model, {**base, "licenses": True})
    assert with_licences["begins"] == without["begins"] == "2026-11-10"
    assert with_licences["phases"][-1]["from"] == "2026-11-27"
    prepaid = timeline(model, {**base, "period_end": "2026-12-20", "licenses": True})
    assert prepaid["begins"] == "2026-12-01"  # the licence renewal comes before the period ends


def test_funds_gone_on_the_1st_miss_that_days_licence_renewal(model):
    # The licences renew on the 1st; with the funds gone that day they cannot be paid.
    result = timeline(model, {"service": "cloud-pro", "billing": "monthly", "licenses": True,
                              "event": "2026-12-01", "period_end": "2026-12-20"})
    assert result["begins"] == "2026-12-01"


def test_licence_rule_crosses_the_year(model):
    result = timeline(model, {"service": "cloud-pro", "billing": "monthly", "event": "2026-12-15",
                              "period_end": "2027-01-14", "licenses": True})
    assert result["begins"] == "2027-01-01"


def test_domain_is_free_for_registration_30_to_70_days_after_expiry(model):
    result = timeline(model, {"service": "domain", "event": "2026-11-01"})
    assert phases(result) == [
        ("deactivated", "2026-11-01", None, 1),
        ("redemption", "2026-11-01", "2026-12-11", 1),
        ("deleted", "2026-12-01", "2027-01-10", 31),
    ]
    assert result["phases"][-1]["day_max"] == 71
    # A range gives both ends of the last day to act, never one picked silently.
    assert result["deadline"] == {"state": "deleted", "last": "2026-11-30", "last_latest": "2027-01-09"}


def test_saas_backups_are_deleted_30_days_after_the_service_ends(model):
    result = timeline(model, {"service": "saas-3kl", "event": "2026-11-01"})
    assert phases(result)[-1][:2] == ("deleted", "2026-12-01")
    assert result["deadline"]["last"] == "2026-11-30" and result["trigger"] == "contract-end"


def test_an_add_on_gives_the_last_day_of_its_base_when_the_base_goes_first(model):
    """Seed 004: Whois Privacy is kept until day 70, but its domain can be released after 30
    days; the load balancer of the SMS notifications is deleted on day 18, the notifications
    never are. The Plesk extensions go with their licence: nothing more to say."""
    whois = timeline(model, {"service": "whois-privacy", "event": "2026-11-23"})
    assert whois["deadline"]["last"] == "2027-01-31"
    assert whois["parent"] == {"service": "domain", "deadline": {"state": "deleted", "last": "2026-12-22",
                                                                  "last_latest": "2027-01-31"}}
    sms = timeline(model, {"service": "load-balancer-sms", "event": "2026-11-01"})
    assert sms["parent"]["service"] == "load-balancer" and sms["parent"]["deadline"]["last"] == "2026-11-17"
    assert timeline(model, {"service": "plesk-extensions", "event": "2026-11-01"})["parent"] is None
    assert timeline(model, {"service": "dns", "event": "2026-11-01"})["parent"] is None


@pytest.mark.parametrize("lang", ["ru", "pl"])
def test_the_answer_names_the_base_and_the_accounts_to_reactivate(model, lang):
    """The calculator says what the page says: Whois Privacy's domain first; Backup and Object
    Storage deleted unless the account is topped up and their accounts reactivated (seed 004)."""
    from calculators.api import run
    from calculators.view import view

    whois = view(model, lang, run(model, {"calc": "timeline", "service": "whois-privacy", "event": "2026-11-23"}))
    assert any(model.service("domain").name[lang] in line and ("22 декабря" in line or "22 grudnia" in line)
               for line in whois["act"]), whois["act"]
    for sid in ("backup-ppu", "object-storage-package"):
        shown = view(model, lang, run(model, {"calc": "timeline", "service": sid, "event": "2026-11-23"}))
        assert any(("реактивировать" in line) or ("reaktywację" in line) for line in shown["act"]), shown["act"]


def test_no_last_day_where_nothing_irreversible_follows(model):
    assert timeline(model, {"service": "server-3kl", "event": "2026-11-01"})["deadline"] is None
    assert timeline(model, {"service": "load-balancer-sms", "event": "2026-11-01"})["deadline"] is None


def test_matrix_cells_follow_the_phases(model):
    columns = (0, 7, 17)
    assert matrix_cells(model.policies["cloud-pro"], columns) == ["off", "archived", "deleted"]
    assert matrix_cells(model.policies["monthly-off"], columns) == ["off", "off", "deleted"]
    assert matrix_cells(model.policies["notifications"], columns) == ["deactivated"] * 3


@pytest.mark.parametrize("request_, field, code", [
    ({"service": "cloud-pro", "billing": "hourly", "event": "2026-11-01", "licenses": True}, "licenses", "not_applicable"),
    ({"service": "cloud-vps", "billing": "hourly", "event": "2026-11-01"}, "billing", "not_offered"),
    ({"service": "cloud-vps", "event": "2026-11-10", "period_end": "2026-11-01"}, "period_end", "before_event"),
    ({"service": "no-such-service", "event": "2026-11-01"}, "service", "unknown"),
    ({"service": "dns", "event": "2026-02-30"}, "event", "date_invalid"),
    ({"service": "dns", "event": "1.11.2026"}, "event", "date_format"),
    ({"service": "dns"}, "event", "missing"),
    ({"service": "dns", "event": ""}, "event", "missing"),
    # Issue examples: the ends of the calendar are an error naming the field, not a crash.
    ({"service": "cloud-pro", "billing": "hourly", "event": "9999-12-20"}, "event", "date_out_of_range"),
    ({"service": "domain", "event": "9999-11-01"}, "event", "date_out_of_range"),
    # Adversarial pass: the licence rule's next 1st does not exist after December 9999.
    ({"service": "cloud-pro", "billing": "monthly", "licenses": True, "event": "9999-12-15"}, "event",
     "date_out_of_range"),
    # A field that does not apply to the service is refused, never silently ignored.
    ({"service": "cloud-pro", "billing": "hourly", "event": "2026-11-01", "period_end": "2026-11-20"},
     "period_end", "not_applicable"),
    ({"service": "public-ip", "billing": "monthly", "event": "2026-11-01"}, "billing", "not_applicable"),
    ({"service": "saas-3kl", "event": "2026-11-01", "licenses": True}, "licenses", "not_applicable"),
])
def test_timeline_refuses_bad_requests_with_the_field_at_fault(model, request_, field, code):
    with pytest.raises(CalcError) as caught:
        timeline(model, request_)
    assert (caught.value.field, caught.value.code) == (field, code)


def test_early_calendar_dates_work_and_pay_per_use_is_a_billing_kind(model):
    result = timeline(model, {"service": "cloud-pro", "billing": "hourly", "event": "0001-01-01"})
    assert result["phases"][-1]["from"] == "0001-01-18" and result["deadline"]["last"] == "0001-01-17"
    assert timeline(model, {"service": "backup-ppu", "billing": "pay-per-use", "event": "2026-11-01"})["billing"] == "pay-per-use"


def test_a_calculator_scoped_to_some_services_refuses_the_others(model):
    with pytest.raises(CalcError) as caught:
        timeline(model, {"service": "domain", "event": "2026-11-01"}, ("cloud-pro",))
    assert (caught.value.field, caught.value.code, caught.value.params) == ("service", "not_here",
                                                                            {"choices": ["cloud-pro"]})


# --- price -------------------------------------------------------------------------------

TODAY = {"today": "2026-11-23"}


def test_fixed_item_is_hours_times_k_times_rate(model):
    q = price(model, {"item": "design-template", **TODAY})  # 20 h x 1 x 2500.00
    assert (q["price"], q["price_max"], q["k"], q["rate"]) == ("50000.00", None, "1", "2500.00")
    assert q["rate_sample"] is True


def test_content_work_uses_k_0_6(model):
    q = price(model, {"item": "theme-setup", **TODAY})  # from 2.5 h x 0.6 x 2500.00
    assert (q["kind"], q["hours"], q["price"], q["price_max"]) == ("from", "2.5", "3750.00", None)


def test_lower_bound_with_usual_range(model):
    q = price(model, {"item": "custom-integration", **TODAY})  # from 48, usually 80..250
    assert q["price"] == "120000.00"
    assert q["usually"] == {"hours": "80", "hours_max": "250", "price": "200000.00", "price_max": "625000.00"}


def test_range_and_variants(model):
    q = price(model, {"item": "dbms-recovery", **TODAY})  # 1..6 h
    assert (q["price"], q["price_max"]) == ("2500.00", "15000.00")
    q = price(model, {"item": "file-elements", **TODAY})  # 1 or 2 h of content work
    assert [v["price"] for v in q["variants"]] == ["1500.00", "3000.00"]
    assert (q["price"], q["price_max"]) == ("1500.00", "3000.00")


def test_by_actual_time_has_no_price(model):
    q = price(model, {"item": "extended-support", **TODAY})
    assert (q["kind"], q["price"], q["hours"]) == ("actual", None, None)


def test_contract_rate_and_exact_decimal_arithmetic(model):
    # 3.333 h x 0.6 x 1999.99 = 3999.580002 -> 3999.58
    q = price(model, {"hours": "3.333", "role": "content", "rate": "1999.99"})
    assert (q["price"], q["rate_source"]) == ("3999.58", "contract")


@pytest.mark.parametrize("request_, field", [
    ({"hours": "1,0004", "role": "developer", "rate": "100"}, "hours"),  # shown as "1": refused
    ({"item": "prototype", "rate": "2500,005", "today": "2026-11-23"}, "rate"),
])
def test_more_decimals_than_an_answer_shows_are_refused(model, request_, field):
    with pytest.raises(CalcError) as caught:
        price(model, request_)
    assert (caught.value.field, caught.value.code) == (field, "too_precise")


def test_rounds_half_up_once_at_the_end(model):
    # 0.25 h x 1 x 10.10 = 2.525 exactly: half-up gives 2.53 (banker's rounding would give 2.52)
    assert price(model, {"hours": "0.25", "role": "developer", "rate": "10.10"})["price"] == "2.53"


def test_a_rate_announced_ahead_takes_effect_on_its_date(kbdata):
    data = copy.deepcopy(kbdata)
    data["prices"]["rates"].append({"amount": "3000.00", "effective": "2027-01-01", "sample": False})
    model = from_dict(data)
    assert price(model, {"item": "prototype", "today": "2026-12-31"})["price"] == "25000.00"  # 10 h x 2500
    assert price(model, {"item": "prototype", "today": "2027-01-01"})["price"] == "30000.00"  # 10 h x 3000


@pytest.mark.parametrize("request_, field, code", [
    ({"item": "no-such-item"}, "item", "unknown"),
    ({"hours": "-1", "role": "developer", "rate": "100"}, "hours", "not_positive"),
    ({"hours": "abc", "role": "developer", "rate": "100"}, "hours", "number_format"),
    ({"hours": "5", "hours_max": "2", "role": "developer", "rate": "100"}, "hours_max", "below_min"),
    ({"hours": "5", "role": "designer", "rate": "100"}, "role", "unknown"),
    ({"hours": "5", "role": "developer", "rate": "0"}, "rate", "not_positive"),
    ({"hours": "5", "role": "developer", "today": "2020-01-01"}, "rate", "none_in_force"),
])
def test_price_refuses_bad_requests_with_the_field_at_fault(model, request_, field, code):
    with pytest.raises(CalcError) as caught:
        price(model, request_)
    assert (caught.value.field, caught.value.code) == (field, code)


def test_every_error_the_calculators_raise_has_words_in_every_language(model):
    """An error without its own string falls back to "check the field": find them all."""
    import re
    from pathlib import Path

    source = "\n".join(p.read_text(encoding="utf-8") for p in (Path(__file__).parent.parent / "calculators").glob("*.py"))
    codes = set(re.findall(r'CalcError\(\s*[^,()]+,\s*"([a-z_]*[a-z])"[,)]', source))
    import inspect

    from calculators.pricing import parse_decimal
    stage_codes = set(re.findall(r'CalcError\(field,\s*"([a-z_]+)"', inspect.getsource(parse_decimal)))  # per stage
    assert {"number_format", "too_precise", "date_out_of_range", "not_here"} <= codes
    for lang in model.languages:
        for code in codes | {f"stage_{c}" for c in stage_codes}:
            assert f"calc.error.{code}" in model.strings[lang], (lang, code)


@pytest.mark.parametrize("lang", ["ru", "pl"])
def test_work_priced_by_contract_shows_no_rate_or_coefficient(model, lang):
    """Item 2.8 is priced only by a separate contract (seed 002): a rate and a K beside it
    would be numbers with no meaning."""
    from calculators.api import run
    from calculators.view import view

    shown = view(model, lang, run(model, {"calc": "price", "item": "tech-spec", **TODAY}))
    assert shown["ok"] and shown["summary"] == [] and shown["notes"] == [], shown
    assert "K =" not in shown["text"] and "2 500" not in shown["text"] and "2500" not in shown["text"], shown["text"]
    other = view(model, lang, run(model, {"calc": "price", "item": "design-template", **TODAY}))
    assert other["ok"] and len(other["summary"]) == 2, other
