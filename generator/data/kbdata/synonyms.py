"""kbdata/search.yaml: the words readers use for what the pages name otherwise, per language.

The schema gives the shape (every language of the KB, groups of two phrases or more, no empty
phrase). What it cannot say is how search reads a phrase (generator/data/kbdata/terms.py): two
phrases it reads as the same words are one phrase given twice, in one group or in two (a
phrase means one thing), and a phrase of stop words or signs only is nothing it could find.
The file is optional: without it, search knows the pages' own words only.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from generator.data.kbdata.context import Context, collapse_spaces
from generator.data.kbdata.terms import same_words, terms, words

FILE = "search.yaml"


def synonyms(ctx: Context) -> dict[str, list[list[str]]] | None:
    """Per language of the KB, its groups of phrases (each on one line); None when the file
    has a problem."""
    path = ctx.root / FILE
    if not path.exists() and not path.with_suffix(".yml").exists():
        return {lang: [] for lang in ctx.languages or ()}
    doc = ctx.read(path, "search")
    if doc is None or ctx.languages is None:
        return None
    given = doc.value.get("synonyms") or {}
    failed = len(ctx.errors.problems)
    for lang, groups in given.items():
        seen: list[tuple[list[frozenset[str]], tuple[Any, ...], int]] = []  # a phrase's terms, path, group
        for g, group in enumerate(groups):
            for p, phrase in enumerate(group):
                path_of = ("synonyms", lang, g, p)
                read = terms(phrase, lang)
                if not read:
                    ctx.fail(doc, path_of, _nothing(phrase))
                    continue
                if mixed := _mixed(phrase):
                    ctx.fail(doc, path_of, mixed)
                first = next((s for s in seen if same_words(s[0], read)), None)
                if first:
                    ctx.fail(doc, path_of, _again(phrase, doc.value_at(first[1]), doc.place(first[1]), first[2] == g))
                else:
                    seen.append((read, path_of, g))
    if len(ctx.errors.problems) > failed:
        return None
    return {lang: [[collapse_spaces(phrase) for phrase in group] for group in given.get(lang, [])]
            for lang in ctx.languages}


def _nothing(phrase: str) -> str:
    if not words(phrase):
        return f"the phrase {phrase!r} has no word, only signs: search finds words (letters or digits)"
    return (f"the phrase {phrase!r} is only stop words ({', '.join(words(phrase))}), which search leaves out: "
            f"it would find nothing; give a word that names the thing")


def _mixed(phrase: str) -> str | None:
    """A word typed in two alphabets ('нoрмочас' with a Latin 'o'): no reader types it so."""
    for word in re.findall(r"[^\W\d_]+", phrase):
        scripts = [unicodedata.name(char, "?").split(" ")[0] for char in word]
        odd = min(set(scripts), key=scripts.count)
        if len(set(scripts)) > 1:
            char = word[scripts.index(odd)]
            return (f"the word {word!r} mixes alphabets: its {char!r} (U+{ord(char):04X}) is {odd.capitalize()}, "
                    f"the rest is not; type the word in one alphabet")
    return None


def _again(phrase: str, first: str, where: Any, same_group: bool) -> str:
    said = f"{phrase!r} is {first!r} again" if phrase != first else f"{phrase!r} is given twice"
    if same_group:
        return f"{said} ({where}): search reads both as the same words; give it once"
    return (f"{said}, in another group ({where}): search reads both as the same words, and a phrase "
            f"belongs to one group; merge the two groups if they mean the same thing")
