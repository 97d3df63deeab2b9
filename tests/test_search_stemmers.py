"""The search worker stems with JavaScript translated at build time from the pinned Python
`snowballstemmer` (generator/search/snowball.py). Index and query run that same JavaScript in
the browser; this proves it is the package's algorithm, word for word: the site's whole
vocabulary in both languages, every start of each of its words (each reaches other suffix
rules), and random strings over each language's alphabet."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess

import pytest
import snowballstemmer

from conftest import ROOT
from generator.search.snowball import (
    Untranslatable,
    algorithm,
    stemmers_script,
    translate,
)

RUN = """
const fs = require("fs"), vm = require("vm");
const context = {}; context.self = context;
vm.runInNewContext(fs.readFileSync(process.argv[1], "utf8"), context);
const words = JSON.parse(fs.readFileSync(0, "utf8"));
const out = {};
for (const [lang, list] of Object.entries(words)) out[lang] = list.map(context.kbStemmers[lang]);
process.stdout.write(JSON.stringify(out));
"""
ALPHABETS = {"ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя", "pl": "aąbcćdeęfghijklłmnńoóprsśtuwyzźż"}


def vocabulary(lang: str) -> set[str]:
    """Every word of the sources an author writes in one language: its articles and kbdata."""
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "docs" / lang).rglob("*.md")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "kbdata").rglob("*.yaml")]
    letters = ALPHABETS[lang]
    return {w for text in texts for w in re.findall(r"\w+", text.lower()) if any(c in letters for c in w)}


def node_stems(tmp_path, words: dict[str, list[str]]) -> dict[str, list[str]]:
    script = tmp_path / "stemmers.js"
    script.write_text(stemmers_script(list(words)), encoding="utf-8")
    done = subprocess.run([shutil.which("node"), "-e", RUN, str(script)], input=json.dumps(words),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("lang", ["ru", "pl"])
def test_the_browser_stems_every_word_as_the_package_does(tmp_path, lang):
    words = vocabulary(lang)
    assert len(words) > 1500, "the sample KB's vocabulary"
    starts = {w[:n] for w in words for n in range(2, len(w))}
    rng = random.Random(lang)
    noise = {"".join(rng.choice(ALPHABETS[lang]) for _ in range(rng.randint(1, 14))) for _ in range(4000)}
    sample = sorted(words | starts | noise)
    python = snowballstemmer.stemmer(algorithm(lang))
    expected = [python.stemWord(w) for w in sample]
    got = node_stems(tmp_path, {lang: sample})[lang]
    wrong = [(w, e, g) for w, e, g in zip(sample, expected, got) if e != g]
    assert not wrong, wrong[:20]
    assert sum(e != w for w, e in zip(sample, expected)) > len(sample) / 3, "the stemmer changes words"


def test_the_stems_readers_meet_in_the_issue():
    """The forms of the search issue's table meet at one stem (or a stem and its start)."""
    ru, pl = snowballstemmer.stemmer("russian"), snowballstemmer.stemmer("polish")
    assert ru.stemWord("сервера") == ru.stemWord("серверов") == ru.stemWord("сервер")
    assert ru.stemWord("домена") == ru.stemWord("домены") == ru.stemWord("домен")
    assert pl.stemWord("domena") == pl.stemWord("domenę") == pl.stemWord("domeny")
    assert pl.stemWord("serwera") == pl.stemWord("serwer")


def test_a_construct_the_translator_does_not_know_stops_the_build(monkeypatch):
    import inspect

    source = inspect.getsource(snowballstemmer.polish_stemmer).replace("self.cursor += 2", "self.cursor **= 2")
    monkeypatch.setattr(inspect, "getsource", lambda module: source)
    with pytest.raises(Untranslatable, match=r"\*\*="):
        translate("polish")


def test_a_stemmer_needing_more_of_the_machine_stops_the_build(tmp_path, monkeypatch):
    import generator.search.snowball as snowball

    base = tmp_path / "base.js"
    base.write_text(snowball.BASE.read_text(encoding="utf-8").replace("  slice_del() {", "  slice_gone() {"))
    monkeypatch.setattr(snowball, "BASE", base)
    with pytest.raises(Untranslatable, match="slice_del"):
        stemmers_script(["pl"])


def test_a_kb_language_finds_its_stemmer_by_name_and_one_without_is_searched_as_written(tmp_path):
    """Languages are data: a KB in English stems English as the package does; Ukrainian, which
    Snowball lacks, gets no stemmer and no error."""
    assert (algorithm("ru"), algorithm("pl"), algorithm("en"), algorithm("uk")) == ("russian", "polish", "english", None)
    prose = (ROOT / "README.md").read_text(encoding="utf-8").lower()
    words = sorted({w for w in re.findall(r"[a-z]+", prose)} | {"generously", "cloudiness", "skies", "dying"})
    assert len(words) > 1000, "the README's English"
    english = snowballstemmer.stemmer("english")
    expected = [english.stemWord(w) for w in words]
    got = node_stems(tmp_path, {"en": words})["en"]
    assert [(w, e, g) for w, e, g in zip(words, expected, got) if e != g] == []
    assert sum(e != w for w, e in zip(words, expected)) > len(words) / 4, "the stemmer changes words"
    script = stemmers_script(["uk"])
    assert "kbStemmers = {}" in script
