"""The search worker under node, on a small index: what it answers for each theme's UI
(Material's groups, Zensical's flat list), and that text from pages or queries can never
become markup."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from conftest import ROOT
from generator.data.kbdata.terms import stopwords
from generator.search import zensical_items
from generator.search.snowball import stemmers_script

RUN = """
const fs = require("fs"), vm = require("vm");
const [base, index, queries] = process.argv.slice(1);
const context = { console, URL };
context.self = context;
context.importScripts = (...files) => { for (const f of files) vm.runInContext(fs.readFileSync(f, "utf8"), context, { filename: f }); };
vm.createContext(context);
context.kbSearchBase = base;
context.importScripts(base + "worker.js");
context.kbSearch.handle({ type: 0, data: JSON.parse(fs.readFileSync(index, "utf8")) });
const out = JSON.parse(queries).map((q) => context.kbSearch.handle({ type: 2, data: q }).data);
process.stdout.write(JSON.stringify(out));
"""

DOCS = [
    ["services/x/", "Serwer <img src=x onerror=alert(1)>", "Usunięcie serwera następuje po 17 dniach.", "cloud-x"],
    ["services/x/#x-deleted", "Co się dzieje: usunięty", "Stan: usunięty · Następuje: dzień 18", "x-deleted"],
    ["articles/a/", "Kopia zapasowa", "Kopie zapasowe są usuwane & nie wracają.", "a 1173"],
]


def worker(base, key: str, entries: list, synonyms: list | None = None, name: str = ""):
    """Ask the worker, started with an index in one theme's form, a list of queries."""
    index = base / f"index-{key}{name}.json"
    config = {"lang": ["pl"], "stop": stopwords("pl"), **({"synonyms": synonyms} if synonyms is not None else {})}
    index.write_text(json.dumps({"config": config, key: entries}), encoding="utf-8")

    def ask(*queries) -> list:
        done = subprocess.run([shutil.which("node"), "-e", RUN, f"{base}/", str(index), json.dumps(queries)],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)
    return ask


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    base = tmp_path_factory.mktemp("search")
    for script in (ROOT / "overrides/assets/kb/search").glob("*.js"):  # worker.js and the modules it loads
        shutil.copy(script, base / script.name)
    shutil.copy(ROOT / "node_modules/minisearch/dist/umd/index.js", base / "minisearch.js")
    (base / "stemmers.js").write_text(stemmers_script(["pl"]), encoding="utf-8")
    return base


@pytest.fixture(scope="module")
def search(base):
    """Material's UI: the typed text in, results grouped by page out."""
    ask = worker(base, "docs", DOCS)
    return lambda *queries: [answer["items"] for answer in ask(*queries)]


def locations(groups) -> list[list[str]]:
    return [[item["location"] for item in group] for group in groups]


def test_results_come_in_groups_per_page_best_first_with_the_page(search):
    (groups,) = search("usuniecie serwera")
    assert locations(groups)[0][0] == "services/x/"
    (groups,) = search("usunięty")
    assert locations(groups)[0] == ["services/x/#x-deleted", "services/x/"]  # the page is always there


def test_ids_diacritics_stop_words_and_the_missing_words(search):
    ids, folded, stop, partial = search("#1173", "kopii zapasowych", "się i w", "kopia serwera")
    assert locations(ids) == [["articles/a/"]]
    assert locations(folded)[0] == ["articles/a/"]
    assert stop == []
    # a page with only some of the words comes after those with all, the missing word named
    assert {g[0]["location"] for g in partial} == {"articles/a/", "services/x/"}
    assert any(value is False for g in partial for value in g[0]["terms"].values())


def test_nothing_from_a_page_or_a_query_becomes_markup(search):
    (groups, hostile) = search("serwer", '<img src=x onerror=alert(1)> "serwer" ( [ * + ? \\ ~1 ^2 -x +y')
    title = groups[0][-1]["title"] if groups[0][-1]["location"] == "services/x/" else groups[0][0]["title"]
    assert "<img" not in title and "&#60;img" in title and "<mark>" in title
    for group in hostile:
        for item in group:
            cleaned = item["title"].replace("<mark>", "").replace("</mark>", "") + item["text"].replace("<mark>", "").replace("</mark>", "")
            assert "<" not in cleaned and ">" not in cleaned
    (amp,) = search("wracają")
    assert "&#38; nie <mark>wracają</mark>" in amp[0][0]["text"]


# Zensical's UI: its query state in, a flat list of the index's entries with ranges to mark out.
MORE = [[f"articles/k{n}/", f"Kopia {n}", "Kopia zapasowa dnia.", ""] for n in range(12)]
SECTIONS = [["services/x/#x-off", "Wyłączenie", "Serwer usunięty później.", ""],
            ["services/x/#x-archived", "Archiwizacja", "Serwer usunięty po archiwizacji.", ""],
            ["articles/y/", "Inny", "Też usunięty.", ""]]


@pytest.fixture(scope="module")
def flat(base):
    return worker(base, "items", zensical_items(DOCS + SECTIONS + MORE))


def test_zensical_gets_a_flat_list_ten_at_a_time_with_the_words_to_mark(flat):
    items = zensical_items(DOCS + SECTIONS + MORE)
    first, again, more, amp = flat({"input": "kopia"}, {"input": "kopia", "page": {"id": 7, "size": 10, "from": 0}},
                                   {"input": "kopia", "page": {"id": 7, "size": 10, "from": 10}}, {"input": "wracają"})
    assert first["pagination"]["total"] == 13 and "prev" not in first["pagination"]
    assert first["pagination"]["next"] == {"id": first["pagination"]["next"]["id"], "size": 10, "from": 10}
    assert len(first["items"]) == 10 and again["items"] == first["items"]
    assert len(more["items"]) == 3 and more["pagination"]["prev"]["from"] == 0 and "next" not in more["pagination"]
    shown = [entry["id"] for answer in (first, more) for entry in answer["items"]]
    assert sorted(shown) == sorted(set(shown))  # each result once
    for entry in first["items"]:  # the ranges mark the word in the escaped text the UI draws
        marks = {field: [items[entry["id"]][field][r["start"]:r["end"]] for r in match["value"]["highlight"]["ranges"]]
                 for match in entry["matches"] for field in [match["field"]]}
        assert {w.lower() for ws in marks.values() for w in ws} <= {"kopia", "kopie"}, marks
    (entry,) = amp["items"]
    (text,) = [m for m in entry["matches"] if m["field"] == "text"]
    (mark,) = text["value"]["highlight"]["ranges"]
    assert items[entry["id"]]["text"][mark["start"]:mark["end"]] == "wracają" and "&amp;" in items[entry["id"]]["text"]


def test_zensical_shows_two_results_of_a_page_before_the_other_pages(flat):
    (answer,) = flat({"input": "usunięty"})
    locations = [zensical_items(DOCS + SECTIONS + MORE)[e["id"]]["location"] for e in answer["items"]]
    pages = [location.split("#")[0] for location in locations]
    assert pages[:2] == ["services/x/", "services/x/"] and pages[2] == "articles/y/", locations
    # the others after the other page, not dropped
    assert pages[3:] == ["services/x/"] * (len(pages) - 3) and len(pages) > 3
    assert {"services/x/#x-deleted", "services/x/#x-off", "services/x/#x-archived"} <= set(locations)


def test_zensical_queries_never_become_markup_or_fail(flat):
    for answer in flat({"input": "&lt;img src=x onerror=alert(1)&gt; serwer"}, {"input": "( [ * + ? \\ ~1"},
                       {"input": ""}, {"input": None}):
        assert set(answer) == {"items", "pagination"}
        for entry in answer["items"]:
            assert set(entry) == {"id", "matches"}


# Synonyms (kbdata/search.yaml): the pages say "kopia zapasowa" or "Backup", readers type "bekap".
SYNONYMS = [["kopia zapasowa", "backup", "bekap"], ["load balancer", "balanser"]]
SAID = [
    ["articles/b/", "Kopie zapasowe", "Kopie zapasowe serwera są usuwane po 30 dniach.", ""],
    ["services/backup/", "Pakiet Backup", "Konta usługi są usuwane po 18 dniach.", "backup"],
    ["articles/k/", "Kopia dokumentu", "Kopia umowy jest w panelu.", ""],
    ["services/lb/", "Load Balancer", "Wyłączony po 7 dniach.", "lb"],
    ["articles/o/", "Inne", "Bez związku z niczym.", ""],
]


@pytest.fixture(scope="module")
def synonyms(base):
    ask = worker(base, "docs", SAID, SYNONYMS, name="-synonyms")
    return lambda *queries: [answer["items"] for answer in ask(*queries)]


def marks(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


def test_a_word_no_page_says_finds_the_pages_that_say_its_synonyms(synonyms):
    typed, typing, wrong, balancer = synonyms("bekap", "beka", "bekapp", "balanser")
    for groups in (typed, typing, wrong):
        assert sorted(g[0]["location"].split("#")[0] for g in groups) == ["articles/b/", "services/backup/"]
    assert [g[0]["location"] for g in balancer] == ["services/lb/"]
    # the words the page says are marked, in the preview and in the title, even where "bekap" matched by its start
    for groups in (typed, typing):
        article = next(item for g in groups for item in g if item["location"] == "articles/b/")
        assert marks(article["title"]) == ["Kopie", "zapasowe"] and marks(article["text"]) == ["Kopie", "zapasowe"]
    service = next(item for g in typed for item in g if item["location"] == "services/backup/")
    assert marks(service["title"]) == ["Backup"]
    assert all(list(item["terms"].values()) == [True] for g in typed for item in g if item["text"])


def test_a_phrase_of_a_group_also_asks_for_the_others(synonyms):
    (groups,) = synonyms("kopia zapasowa")
    pages = [g[0]["location"] for g in groups]
    # every word, or another phrase of its group whole, before some of the words ("Kopia dokumentu")
    assert set(pages[:2]) == {"articles/b/", "services/backup/"} and pages[2:] == ["articles/k/"], pages
    (partial,) = groups[2]
    assert partial["terms"] == {"kop": True, "zapasowa": False}  # the missing word is named, as without synonyms
    (both,) = synonyms("bekap 30")  # with another word: the page that has both first, then the others
    assert [g[0]["location"] for g in both] == ["articles/b/", "services/backup/"]
    assert both[1][0]["terms"] == {"bekap": True, "30": False}

def test_zensical_marks_the_words_the_page_says_for_a_synonym(base):
    items = zensical_items(SAID)
    (answer,) = worker(base, "items", items, SYNONYMS, name="-synonyms")({"input": "bekap"})
    shown = {items[e["id"]]["location"]: e for e in answer["items"]}
    assert set(shown) == {"articles/b/", "services/backup/"}
    ranges = {m["field"]: m["value"]["highlight"]["ranges"] for m in shown["services/backup/"]["matches"]}
    assert [items[1]["title"][r["start"]:r["end"]] for r in ranges["title"]] == ["Backup"]
