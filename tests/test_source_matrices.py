"""The source article 004 as the oracle of every retention day: for every service of its two
matrices and every day from 1 to well past the last column, the state the source's matrix
gives is the state said by the calculator (calculators.api, the code the browser runs), by
every timeline on every built page (the service's page, an article's), by the calculator's
answer shown before it runs, and by the article's matrix, in every language.

Where the source words a period as a range ("od 30 do 70 dni"), the site may too; the state
the matrix gives must then be one of those the range allows. Everywhere else a range is a
mistake: it was how Whois Privacy came to be "deleted from day 31 to 71" while the source
keeps it until day 70.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from calculators.api import run
from conftest import ROOT
from source_matrix import SOURCE, matrices

pytestmark = pytest.mark.site

# The services whose source prose gives a range of days, with the words that give it.
RANGES = {"domain": "Po upływie od 30 do 70 dni (Deactivation Period + Redemption Period)"}
# A source row the site names otherwise (every other source row begins the site's Polish name).
RENAMED = {"Nazwa Domeny": "domain"}
GROUPS = ("fpl-usage", "fpl-yearly")  # the source's two matrices, in its order
TAG = re.compile(r"<[^>]+>")


def days_of(text: str) -> tuple[int, int]:
    """The first and last day a cell gives ("день 8", "между 31-м и 71-м днём", "między 31. a 71. dniem")."""
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    assert numbers and len(numbers) <= 2, text
    return numbers[0], numbers[-1]


def allowed(phases: list[tuple[str, int, int]], day: int) -> set[str]:
    """The states ``day`` may be in, given each phase's (state, first day, last day it may begin)."""
    begun = [(state, first, last) for state, first, last in phases if first <= day]
    if not begun:
        return {"running"}
    surely = max((i for i, (_, _, last) in enumerate(begun) if last <= day), default=None)
    states = {state for i, (state, _, _) in enumerate(begun) if surely is None or i >= surely}
    return states | ({"running"} if surely is None else set())


def the_source(kbdata) -> list[tuple[str, dict, object]]:
    """(service id, its kbdata, the source's matrix and row) for every row of the source."""
    services = [s for s in kbdata["services"] if s.get("group") in GROUPS]
    rows = [(matrix, row) for matrix in matrices() for row in matrix.rows]
    assert len(rows) == len(services), "the source's matrices and kbdata list different services"
    out = []
    for service, (matrix, row) in zip(services, rows):
        named = RENAMED.get(row.name) == service["id"] or service["name"]["pl"].startswith(row.name)
        assert named, f"the source's row {row.name!r} is kbdata's {service['id']} ({service['name']['pl']})"
        assert row.child == bool(service.get("parent")), row.name
        out.append((service["id"], service, (matrix, row)))
    return out


def span(matrix) -> range:
    return range(1, matrix.starts[-1] + 15)


def check_days(where: str, sid: str, phases: list[tuple[str, int, int]], matrix, row) -> None:
    ranged = [p for p in phases if p[1] != p[2]]
    assert not ranged or sid in RANGES, f"{where}: {sid} begins {ranged} within a range the source does not give"
    wrong = [(day, matrix.state(row, day), sorted(allowed(phases, day))) for day in span(matrix)
             if matrix.state(row, day) not in allowed(phases, day)]
    assert not wrong, f"{where}: {sid} on (day, source, site): {wrong[:5]}"


def test_the_source_gives_the_ranges_the_site_may_keep():
    text = SOURCE.read_text(encoding="utf-8")
    for words in RANGES.values():
        assert words in text
    shared = ROOT.parent / "shared" / "seeds" / SOURCE.name
    if shared.is_file():  # the copy in tests/sources/ is the source as it is
        assert shared.read_bytes() == SOURCE.read_bytes()


def test_the_calculator_says_what_the_source_says(kbdata, model):
    for sid, _, (matrix, row) in the_source(kbdata):
        answer = run(model, {"calc": "timeline", "service": sid, "event": "2026-11-23"})
        assert answer["ok"], answer
        phases = [(p["state"], p["day"], p["day_max"] or p["day"]) for p in answer["result"]["phases"]]
        check_days("calculator", sid, phases, matrix, row)


def built_pages(built_site: Path, lang: str) -> dict[str, str]:
    return {p.relative_to(built_site / lang).as_posix(): p.read_text(encoding="utf-8")
            for p in (built_site / lang).rglob("index.html")}


def label_states(kbdata, service: dict, lang: str) -> dict[str, str]:
    """Each word the site writes for a state of ``service``: its own (the matrix, its timeline)
    and the state's generic name (the calculator's answer)."""
    labels = service["labels"][lang]
    assert len(set(labels.values())) == len(labels), f"{service['id']}: two states share a word in {lang}"
    words = {state["name"][lang].lower(): sid for sid, state in kbdata["states"].items()}
    for state, word in labels.items():
        assert words.get(word.lower(), state) == state, f"{service['id']}: {word!r} names two states"
        words[word.lower()] = state
    return words


@pytest.mark.parametrize("lang", ["ru", "pl"])
def test_every_timeline_and_answer_says_what_the_source_says(built_site, kbdata, lang):
    pages = built_pages(built_site, lang)
    for sid, service, (matrix, row) in the_source(kbdata):
        words = label_states(kbdata, service, lang)
        timelines = 0
        for path, html in pages.items():
            for block in re.findall(rf'<div class="kb-timeline" id="timeline-{sid}">(.*?)</table>', html, re.S):
                rows = re.findall(rf'<tr id="{sid}-([\w-]+)"><td[^>]*>.*?</td><td>(.*?)</td>', block, re.S)
                assert rows, f"{path}: the timeline of {sid} has no rows"
                check_days(f"{lang}/{path} timeline", sid, [(s, *days_of(d)) for s, d in rows], matrix, row)
                timelines += 1
            if path == f"services/{sid}/index.html":  # the answer the page opens with
                lead = re.search(r'<div class="kb-answer"><p>(.*?)</p>', html, re.S)
                assert lead, f"{lang}/{path} does not open with its answer"
                pairs = [p.rsplit(" — ", 1) for p in unescape(lead.group(1)).split(": ", 1)[1].rstrip(".").split(", ")]
                check_days(f"{lang}/{path} answer", sid, [(words[w.lower()], *days_of(d)) for w, d in pairs], matrix, row)
            for block in re.findall(rf'data-service="{sid}">(.*?)</table>', html, re.S):
                cells = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", block, re.S)
                phases = [(words[unescape(TAG.sub("", s)).strip().lower()], *days_of(d)) for s, d in cells]
                check_days(f"{lang}/{path} calculator's answer", sid, phases, matrix, row)
        assert timelines, f"no page of {lang} shows the timeline of {sid}"


@pytest.mark.parametrize("lang", ["ru", "pl"])
def test_the_article_matrices_say_what_the_source_says(built_site, kbdata, lang):
    pages = built_pages(built_site, lang)
    shown = 0
    for path, html in pages.items():
        for group in GROUPS:
            match = re.search(rf'<div class="kb-matrix" id="matrix-{group}">(.*?)</table>', html, re.S)
            if not match:
                continue
            shown += 1
            table = match.group(1)
            heads = re.findall(r'<th scope="col">(.*?)</th>', table.split("</thead>")[0].split("</tr>")[1])
            starts = [days_of(TAG.sub("", head))[0] for head in heads]
            for sid, service, (matrix, row) in the_source(kbdata):
                if service["group"] != group:
                    continue
                assert starts == matrix.starts, f"{lang}/{path}: {group}'s columns begin on days {starts}"
                cells = re.search(rf'<tr id="{sid}"[^>]*>.*?</th>(.*?)</tr>', table, re.S)
                assert cells, f"{lang}/{path}: {group} has no row {sid}"
                words = label_states(kbdata, service, lang)
                states = []
                for colspan, word in re.findall(r'<td class="[^"]*"(?: colspan="(\d+)")?>(.*?)</td>', cells.group(1)):
                    states += [words[unescape(TAG.sub("", word)).strip().lower()]] * int(colspan or 1)
                assert states[0] == row.funded, (lang, path, sid)
                assert states[1:] == row.columns, f"{lang}/{path}: {sid} reads {states[1:]}, the source {row.columns}"
    assert shown >= len(GROUPS), f"the {lang} site shows {shown} of the source's matrices"
