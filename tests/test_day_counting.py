"""One way to count days on every page: the matrix and the calculator can never disagree.

For every service of every matrix, in both languages, the rendered matrix's column headers
("1–7", "8–17", "from day 18") are read back as day numbers, and for every day of every column
the state the matrix shows must be one the calculator gives for that day (day 1 = the event,
day N = the date D+N-1). The timeline table's "day N" is checked against the calculator too.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from test_render import table

from calculators.timeline import timeline
from calculators.words import Lang
from conftest import TODAY
from generator.rendering import retention
from generator.rendering.pages import href_from

EVENT = date(2026, 11, 23)
BEYOND = 120  # days the last column ("from day N") is checked past its first day


@pytest.fixture(scope="module")
def langs(kbdata, model):
    return {code: Lang(code=code, model=model, strings=kbdata["strings"][code], today=TODAY)
            for code in model.languages}


def header_days(head: str) -> range:
    numbers = [int(n) for n in re.findall(r"\d+", head)]
    if len(numbers) == 2:
        return range(numbers[0], numbers[1] + 1)
    assert len(numbers) == 1, head
    return range(numbers[0], numbers[0] + BEYOND)


def calculator_states(result: dict, day: int) -> set[str]:
    """The states the calculator allows on day ``day`` (several only where the source gives a range)."""
    when = (date.fromisoformat(result["begins"]) + timedelta(days=day - 1)).isoformat()
    phases = result["phases"]
    found = set()
    for i, phase in enumerate(["running", *phases]):
        begun = i == 0 or phase["from"] <= when
        overtaken = any((p["from_latest"] or p["from"]) <= when for p in phases[i:])
        if begun and not overtaken:
            found.add("running" if i == 0 else phase["state"])
    return found


def matrix_services(model):
    return [(g.id, s.id) for g in model.groups if g.matrix for s in model.services if s.group == g.id]


@pytest.mark.parametrize("lang", ["ru", "pl"])
def test_every_matrix_cell_agrees_with_the_calculator_on_every_day(langs, model, lang):
    L = langs[lang]
    checked = 0
    for group_id, service_id in matrix_services(model):
        rows = table(retention.retention_matrix(L, group_id, href_from("articles/x/")))
        heads = rows["_1"]
        service = model.service(service_id)
        by_label: dict[str, set[str]] = {}
        for state, label in service.labels[lang].items():
            by_label.setdefault(label, set()).add(state)
        cells = rows[service_id][2:]  # name, "enough funds", then one cell per day column
        assert len(cells) == len(heads)
        result = timeline(model, {"service": service_id, "event": EVENT.isoformat()})
        for head, label in zip(heads, cells):
            for day in header_days(head):
                allowed = calculator_states(result, day)
                assert by_label[label] & allowed, (service_id, head, day, label, allowed)
                checked += 1
    assert checked > 2000


@pytest.mark.parametrize("lang", ["ru", "pl"])
def test_every_timeline_table_counts_days_as_the_calculator(langs, model, lang):
    L = langs[lang]
    for service in model.services:
        rows = table(retention.service_timeline(L, service.id))
        result = timeline(model, {"service": service.id, "event": EVENT.isoformat()})
        for phase in result["phases"]:
            numbers = [int(n) for n in re.findall(r"\d+", rows[f"{service.id}-{phase['state']}"][1])]
            assert numbers == [phase["day"]] + ([phase["day_max"]] if phase["day_max"] else []), service.id


def test_the_cloud_pro_example_of_the_design(model):
    # DESIGN.md: off on days 1-7, archived on days 8-17, deleted from day 18 = D+17.
    result = timeline(model, {"service": "cloud-pro", "billing": "hourly", "event": EVENT.isoformat()})
    assert [calculator_states(result, d) for d in (1, 7, 8, 17, 18)] == [
        {"off"}, {"off"}, {"archived"}, {"archived"}, {"deleted"}]
