"""Synonyms (issue 21, point 5): kbdata/search.yaml, checked as an author's mistakes are
(file:line:column, what was expected), read the way search reads text; and what the build
gives search of it: the groups in each language's index, the home page's copies of other
pages' sections left out, `make serve` indexing again after an edit of the synonyms alone."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from generator import search
from generator.data.errors import KbdataError
from generator.data.kbdata import load
from generator.data.kbdata.terms import same_words, terms
from generator.search import documents, index_path, read_docs

SAMPLE = (ROOT / "kbdata" / "search.yaml").read_text(encoding="utf-8")
RU_BACKUP = "    - [бэкап, бекап, backup, резервная копия, резервное копирование]\n"
RU_NORM_HOURS = "    - [нормочас, нормо-час]\n"


@dataclass(frozen=True)
class Case:
    id: str
    old: str
    new: str
    needle: str  # on the line the message must point at (its first occurrence in the edited file)
    column: int
    message: str  # {first}: where the phrase given twice was first given


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


CASES = [
    Case("a-language-the-site-does-not-have", "  pl:\n", "  de:\n    - [backup, sicherung]\n  pl:\n", "de:", 3,
         "unknown language 'de' in synonyms (the KB's languages are ru, pl)"),
    Case("a-group-of-one-phrase", RU_NORM_HOURS, "    - [нормочас]\n", "[нормочас]", 7,
         "an entry of synonyms [ru] must have at least 2 entries, has 1"),
    Case("an-empty-group", RU_NORM_HOURS, "    - []\n", "- []", 7, "an entry of synonyms [ru] must have at least 2 entries, has 0"),
    Case("a-phrase-in-capitals-given-twice-in-its-group", RU_BACKUP, "    - [бэкап, Бэкап, backup]\n", "Бэкап, backup", 15,
         "'Бэкап' is 'бэкап' again ({first}): search reads both as the same words; give it once"),
    Case("another-form-of-a-phrase-in-another-group", RU_NORM_HOURS, RU_NORM_HOURS + "    - [бэкапы, резервы]\n",
         "[бэкапы, резервы]", 8, "'бэкапы' is 'бэкап' again, in another group ({first}): search reads both as the same words, "
                      "and a phrase belongs to one group; merge the two groups if they mean the same thing"),
    Case("a-phrase-of-stop-words", RU_NORM_HOURS, "    - [нормочас, нормо-час, и или]\n", "и или", 29,
         "the phrase 'и или' is only stop words (и, или), which search leaves out: it would find nothing; "
         "give a word that names the thing"),
    Case("a-phrase-of-signs", RU_NORM_HOURS, "    - [нормочас, нормо-час, «—»]\n", "«—»", 29,
         "the phrase '«—»' has no word, only signs: search finds words (letters or digits)"),
    Case("a-blank-phrase", RU_NORM_HOURS, "    - [нормочас, '  ']\n", "'  '", 18,
         "an entry of an entry of synonyms [ru] must be text, not empty and not only spaces; got '  '"),
    Case("a-word-in-two-alphabets", RU_NORM_HOURS, "    - [н\u006fрмочас, нормо-час]\n", "н\u006fрмочас", 8,
         "the word 'н\u006fрмочас' mixes alphabets: its 'o' (U+006F) is Latin, the rest is not; type the word in one "
         "alphabet"),
    Case("a-misspelt-key", "synonyms:\n", "synonym:\n", "synonym:", 1,
         "unknown field 'synonym' in search.yaml (expected one of: synonyms) (did you mean 'synonyms'?)"),
]


def errors_of(kbdata: Path) -> list[str]:
    with pytest.raises(KbdataError) as caught:
        load(kbdata)
    return str(caught.value).splitlines()[:-1]


@pytest.fixture
def kbdata(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "kbdata", tmp_path / "kbdata")
    return tmp_path / "kbdata"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_mistake_in_the_synonyms_is_named_where_it_is(kbdata: Path, case: Case):
    assert case.old in SAMPLE
    edited = SAMPLE.replace(case.old, case.new, 1)
    (kbdata / "search.yaml").write_text(edited, encoding="utf-8")
    line = line_of(edited, case.needle)
    first = f"kbdata/search.yaml:{line_of(edited, '[бэкап')}:8"
    assert errors_of(kbdata) == [f"kbdata/search.yaml:{line}:{case.column}: " + case.message.format(first=first)]


def test_every_mistake_in_the_file_is_said_at_once(kbdata: Path):
    added = "    - [бэкапы, и или]\n    - [нормочасы, «—»]\n"
    (kbdata / "search.yaml").write_text(SAMPLE.replace(RU_NORM_HOURS, RU_NORM_HOURS + added, 1), encoding="utf-8")
    assert [line.split(": ", 1)[1].split(" (")[0].split(",")[0] for line in errors_of(kbdata)] == [
        "'бэкапы' is 'бэкап' again", "the phrase 'и или' is only stop words",
        "'нормочасы' is 'нормочас' again", "the phrase '«—»' has no word"]


def test_a_phrase_is_read_as_search_reads_it():
    """Case, word forms and stop words do not make another phrase; word order and other words do."""
    assert same_words(terms("Бэкапы", "ru"), terms("бэкап", "ru"))
    assert same_words(terms("копия резервная", "ru"), terms("копии резервные", "ru"))
    assert same_words(terms("kopia bezpieczeństwa", "pl"), terms("kopia bezpieczenstwa", "pl"))  # without its diacritics
    assert same_words(terms("база для данных", "ru"), terms("база данных", "ru"))  # "для": a stop word
    assert not same_words(terms("резервная копия", "ru"), terms("копия резервная", "ru"))
    assert not same_words(terms("нормочас", "ru"), terms("нормо-час", "ru"))  # one word, two words
    assert terms("80 000", "ru") == [frozenset({"80000"})]


def test_without_the_file_search_has_no_synonyms(kbdata: Path):
    (kbdata / "search.yaml").unlink()
    assert load(kbdata)["search"] == {"ru": [], "pl": []}


def test_a_misspelt_file_name_is_named_with_the_name_meant(kbdata: Path):
    (kbdata / "search.yaml").rename(kbdata / "serch.yaml")
    (message,) = errors_of(kbdata)
    assert message.startswith("kbdata/serch.yaml:1:1: kbdata reads no such file") and "did you mean 'search.yaml'?" in message


def test_the_groups_are_given_per_language_as_the_author_wrote_them():
    written = yaml.safe_load(SAMPLE)["synonyms"]
    loaded = load(ROOT / "kbdata")["search"]
    assert loaded == written and set(loaded) == {"ru", "pl"}


# --- what the build gives search --------------------------------------------------------------

PAGE = """<article class="md-content__inner md-typeset"><h1 id="{top}">{title}</h1><p>{intro}</p>
<h2 id="services-cloud">Облачные ресурсы</h2><p>Сервер Cloud PRO и пакет Backup.</p>{more}</article>"""


def test_a_section_the_home_page_shares_with_another_page_is_found_there_once(tmp_path: Path):
    (tmp_path / "services").mkdir()
    (tmp_path / "index.html").write_text(PAGE.format(top="top", title="База знаний", intro="Ответы.",
                                                     more='<h2 id="prices">Цены</h2><p>Прайс-лист.</p>'), encoding="utf-8")
    (tmp_path / "services" / "index.html").write_text(PAGE.format(top="services", title="Услуги", intro="Все услуги.",
                                                                  more=""), encoding="utf-8")
    assert [location for location, *_ in documents(tmp_path)] == ["", "#prices", "services/", "services/#services-cloud"]
    # a section another page has with other words stays on the home page
    home = (tmp_path / "index.html").read_text(encoding="utf-8").replace("и пакет Backup", "и Backup")
    (tmp_path / "index.html").write_text(home, encoding="utf-8")
    assert "#services-cloud" in [location for location, *_ in documents(tmp_path)]


@pytest.mark.site
@pytest.mark.parametrize("lang", ["ru", "pl"])
def test_each_language_is_indexed_with_its_own_synonyms_and_no_section_twice(built_site: Path, lang):
    config = json.loads(index_path(built_site / lang).read_text(encoding="utf-8"))["config"]
    assert config["synonyms"] == load(ROOT / "kbdata")["search"][lang]
    docs = read_docs(built_site / lang)
    shown = [(title, text) for location, title, text, _ in docs if location.startswith(("#", "services/#"))]
    assert len(shown) == len(set(shown)), "the home page and the services list give the same result twice"
    locations = {location for location, *_ in docs}
    assert "services/#services-fpl-usage" in locations and "#services-fpl-usage" not in locations


@pytest.mark.site
@pytest.mark.parametrize("lang", ["ru", "pl"])
def test_every_group_has_a_phrase_the_pages_say(built_site: Path, lang):
    """A group none of whose phrases is on a page finds nothing: the sample's groups all lead somewhere."""
    said = [terms(" ".join([title, text, keys]), lang) for _, title, text, keys in read_docs(built_site / lang)]

    def says(found: frozenset[str], wanted: frozenset[str]) -> bool:  # a form, or the start of a longer word
        return bool(found & wanted) or any(t.startswith(w) for t in found for w in wanted if len(w) >= 3)

    def on_a_page(phrase: str) -> bool:
        wanted = terms(phrase, lang)
        return any(all(says(words[i + k], wanted[k]) for k in range(len(wanted)))
                   for words in said for i in range(len(words) - len(wanted) + 1))

    groups = load(ROOT / "kbdata")["search"][lang]
    assert [group for group in groups if not any(on_a_page(phrase) for phrase in group)] == []


def test_serve_indexes_again_when_only_the_synonyms_changed(monkeypatch, tmp_path: Path):
    """An edit of search.yaml changes no page: the languages whose synonyms changed are indexed anyway."""
    from generator.site.devbuild import DevBuild

    written = {"ru": [["бэкап", "backup"]], "pl": []}
    monkeypatch.setattr(search, "indexed_synonyms", lambda lang_dir: written[lang_dir.name])
    calls = []
    monkeypatch.setattr(search, "write", lambda lang_dir, lang, synonyms: calls.append((lang, synonyms)))
    dev = DevBuild("http://127.0.0.1:8000/", tmp_path)

    class Site:
        data = {"languages": ["ru", "pl"], "search": {"ru": [["бэкап", "backup", "бекап"]], "pl": []}}

    dev.site = Site()
    dev.index()
    assert calls == [("ru", [["бэкап", "backup", "бекап"]])]  # pl: no page and no synonym changed
    calls.clear()
    dev.indexed = ["pl"]
    written["ru"] = Site.data["search"]["ru"]
    dev.index()
    assert calls == [("pl", [])]
