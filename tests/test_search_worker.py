"""The search worker under node, on a small index: what it answers for the theme's UI, and
that text from pages or queries can never become markup."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT
from macros.search.snowball import stemmers_script
from macros.search.stopwords import stopwords

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
const out = JSON.parse(queries).map((q) => context.kbSearch.handle({ type: 2, data: q }).data.items);
process.stdout.write(JSON.stringify(out));
"""

DOCS = [
    ["services/x/", "Serwer <img src=x onerror=alert(1)>", "Usunięcie serwera następuje po 17 dniach.", "cloud-x"],
    ["services/x/#x-deleted", "Co się dzieje: usunięty", "Stan: usunięty · Następuje: dzień 18", "x-deleted"],
    ["articles/a/", "Kopia zapasowa", "Kopie zapasowe są usuwane & nie wracają.", "a 1173"],
]


@pytest.fixture(scope="module")
def search(tmp_path_factory):
    base = tmp_path_factory.mktemp("search")
    shutil.copy(ROOT / "overrides/assets/kb/search/worker.js", base / "worker.js")
    shutil.copy(ROOT / "node_modules/minisearch/dist/umd/index.js", base / "minisearch.js")
    (base / "stemmers.js").write_text(stemmers_script(["pl"]), encoding="utf-8")
    index = base / "index.json"
    index.write_text(json.dumps({"config": {"lang": ["pl"], "stop": stopwords("pl")}, "docs": DOCS}), encoding="utf-8")

    def ask(*queries: str) -> list:
        done = subprocess.run([shutil.which("node"), "-e", RUN, f"{base}/", str(index), json.dumps(queries)],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)
    return ask


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
