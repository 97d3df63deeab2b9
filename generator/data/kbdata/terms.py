"""A phrase as the search index reads it: its words, lower case, stop words out, each stemmed.

The search worker (overrides/assets/kb/search/worker.js) analyses the site's text and the
reader's query this way, in JavaScript. It lives here, in the data stage, because kbdata's
synonyms (kbdata/search.yaml) are checked with it when kbdata is loaded: two phrases search
reads as the same words are one phrase written twice, and a phrase of stop words only is
nothing to search for. The search stage writes the stop words into the index it builds.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Callable

# Function words that carry no subject (prepositions, conjunctions, particles, pronouns,
# question words: "когда удалят мой сервер" is about "удалят" and "сервер"). Negations, numbers
# and words like "можно"/"nie" are kept out of this list on purpose: they matter in a question.
# The worker also drops each of them written without diacritics ("sie").
STOPWORDS = {
    "ru": """а без бы был была были было быть в ваш ваша ваше ваши вам вас весь во вот все всё всех
        вы где да для до его ее её если есть ещё еще же за и из или им их к как какой когда кто ли
        либо между мне меня мой моя моё мои мы на над наш о об он она они оно от по под после почему
        при про с со так также то того тоже только у уже чем что чтобы эта эти это этот я""",
    "pl": """a aby ale albo bo by być był była było były co czy dla do dlaczego gdzie go i ich im
        jak jako je jego jej jest już kiedy lub ma mi mnie moja moje mój na nad nas o od oraz po pod
        przez przy się są ta tak także te tego tej ten to tu tym u w wasz wasza we z za ze że""",
}
WORD = re.compile(r"[^\W_]+")  # a run of letters or digits, as the worker's [\p{L}\p{N}]+
GROUPED = re.compile(r"(\d)[ \u00a0\u202f](?=\d{3}(?!\d))")  # "80 000" is the word 80000
FOLD = str.maketrans("ąćęłńóśźżё", "acelnoszzе")


def stopwords(lang: str) -> list[str]:
    return sorted(set(STOPWORDS.get(lang, "").split()))


def algorithm(lang: str) -> str | None:
    """The Snowball stemmer of a KB language, by the language's English name in CLDR (ru:
    russian, pl: polish, en: english); None where Snowball has none (uk): that language is
    searched by its words as written, and as prefixes while they are typed."""
    import snowballstemmer
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(lang).english_name.lower()
    except (ValueError, UnknownLocaleError):
        return None
    return name if name in snowballstemmer.algorithms() else None


@functools.cache
def _stem(lang: str) -> Callable[[str], str]:
    import snowballstemmer

    name = algorithm(lang)
    return snowballstemmer.stemmer(name).stemWord if name else (lambda word: word)


@functools.cache
def _stop(lang: str) -> frozenset[str]:
    return frozenset(w for word in stopwords(lang) for w in (word, word.translate(FOLD)))


def words(text: str) -> list[str]:
    return WORD.findall(GROUPED.sub(r"\1", unicodedata.normalize("NFC", text)).lower())


def forms(word: str, lang: str) -> frozenset[str]:
    """The terms the index holds for one word (lower case): none for a stop word; a number as
    it is; else its stem, and for letters with diacritics also the stem of the word without them."""
    if word in _stop(lang):
        return frozenset()
    if word.isnumeric():
        return frozenset([word])
    stem = _stem(lang)
    return frozenset([stem(word).translate(FOLD), stem(word.translate(FOLD))])


def terms(text: str, lang: str) -> list[frozenset[str]]:
    """The forms of each word of ``text`` that search indexes, in order (stop words left out)."""
    return [found for found in (forms(word, lang) for word in words(text)) if found]


def same_words(one: list[frozenset[str]], other: list[frozenset[str]]) -> bool:
    """Two phrases search cannot tell apart: word for word, a form in common."""
    return len(one) == len(other) and all(a & b for a, b in zip(one, other))
