"""Load kbdata/ into the JSON form that ``calculators.model.from_dict`` takes.

The shape of every file (structure, types, ranges, enums) is its JSON Schema's, in
kbdata/schema/ (``generator.data.schema`` checks it). The modules here read files that have that shape
and check only what a schema cannot say: ids used once, references between files, the KB's
languages and the placeholders of its UI strings, ranges in order. Every problem is collected
with its ``file:line:column``; ``load()`` raises one ``KbdataError`` listing all of them.
A check that needs a file that failed is skipped: one mistake, one message. Nothing here
knows about MkDocs.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from generator.data import cldr
from generator.data.articles import article_groups
from generator.data.errors import Errors, KbdataError, Place
from generator.data.kbdata.context import Context, collapse_spaces, text
from generator.data.kbdata.prices import prices as read_prices
from generator.data.kbdata.retention import policies as read_policies
from generator.data.kbdata.services import services as read_services
from generator.data.kbdata.synonyms import FILE as SYNONYMS
from generator.data.kbdata.synonyms import synonyms as read_synonyms
from generator.data.schema import Doc, check
from generator.data.suggest import did_you_mean

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


FILES = ("site.yaml", "billing.yaml", "states.yaml", "services.yaml", "prices.yaml", "lists.yaml")
FOLDERS = ("retention", "strings", "schema")
OPTIONAL = (SYNONYMS,)  # read when present


def load(root: Path, today: str = "") -> dict[str, Any]:
    """Validate kbdata/ at ``root``; return the JSON form, or raise KbdataError with all problems.
    ``today`` (ISO date): the build's date; a price list needs a rate in force on it."""
    ctx = Context(root, Errors())
    for odd in sorted(root.rglob("*.yml")):
        ctx.errors.add(Place(ctx.label(odd), 1, 1), f"kbdata files end in .yaml: rename it to {odd.stem}.yaml "
                                                    f"(it is read meanwhile)")
    known = FILES + OPTIONAL
    for stray in sorted(root.glob("*")):
        if stray.name not in known + FOLDERS and stray.suffix in (".yaml", ".yml") and stray.stem + ".yaml" not in known:
            meant = difflib.get_close_matches(stray.name, FILES, n=1)
            if meant and not (root / meant[0]).exists():  # said once, where the missing file is named
                ctx.renamed[meant[0]] = stray.name
                continue
            ctx.errors.add(Place(ctx.label(stray), 1, 1), f"kbdata reads no such file: its files are "
                                                          f"{', '.join(FILES)}{did_you_mean(stray.name, known)}")
    site = _site(ctx)
    billing = _by_id(ctx, "billing")
    states = _by_id(ctx, "states")
    policies = read_policies(ctx, states, billing)
    read = read_services(ctx, policies, billing)
    groups, services = read if read is not None else (None, None)
    price_data = read_prices(ctx, today)
    lists = _lists(ctx)
    search = read_synonyms(ctx)
    strings = _strings(ctx)
    if strings is not None:
        if services is not None and price_data is not None:
            _check_footnotes(ctx, services, price_data, strings)
        if site is not None:
            _check_support_groups(ctx, site, strings)
    if ctx.errors:
        raise KbdataError(ctx.errors)
    assert site is not None and price_data is not None and policies is not None and ctx.languages
    data = {"languages": list(ctx.languages), "site": site["data"], "billing": billing, "states": states,
            "policies": policies, "groups": groups, "services": services, "prices": price_data, "lists": lists,
            "strings": strings, "search": search}
    currencies = [price_data["currency"]] + [p["reactivation"]["currency"] for p in policies.values()
                                              if p["reactivation"]]
    data["locale"] = {lang: cldr.export(lang, currencies) for lang in ctx.languages}
    return data


def _site(ctx: Context) -> dict[str, Any] | None:
    doc = ctx.read(ctx.root / "site.yaml", "site")
    if doc is None:
        return None
    present = []
    for i, lang in enumerate(doc.value["languages"]):
        strings = ctx.root / "strings" / f"{lang}.yaml"
        if not strings.exists() and not strings.with_suffix(".yml").exists():  # its pages, docs/<lang>/: generator.data.articles
            ctx.fail(doc, ("languages", i), f"the language '{lang}' has no kbdata/strings/{lang}.yaml yet: "
                                            f"add its UI strings (and its pages, docs/{lang}/), then list it here")
        else:
            present.append(lang)
    if len(present) < len(doc.value["languages"]):
        return None  # its texts are not checked against a list of languages that is not there yet
    ctx.languages = tuple(present)
    if check(doc, ctx.errors, ctx.languages) != set():  # again: every text in each language just read
        return None
    support = {}
    for group, entry in doc.value.get("support", {}).items():
        channel = {key: entry[key] for key in ("portal", "email") if key in entry}
        category = entry.get("category")
        if category is not None:
            channel["category"] = text(category) if isinstance(category, dict) else category.strip()
        support[group] = channel
    return {"doc": doc, "data": {"title": text(doc.value["title"]), "support": support}}


def _by_id(ctx: Context, name: str) -> dict[str, Any] | None:
    """billing.yaml or states.yaml: entries by id, each a mapping of fields and texts."""
    doc = ctx.read(ctx.root / f"{name}.yaml", name, by_id=True)
    if doc is None:
        return None
    ctx.known[name] = list(doc.value)
    fields = {"billing": ("name", "name_from", "period_days", "renewal_hours"), "states": ("kind", "name")}[name]
    return {ident: {f: (text(m[f]) if isinstance(m.get(f), dict) else m.get(f)) for f in fields}
            for ident, m in doc.value.items() if ident not in doc.bad}


def _lists(ctx: Context) -> dict[str, Any] | None:
    doc = ctx.read(ctx.root / "lists.yaml", "lists")
    if doc is None:
        return None

    def items(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        result = []
        for entry in entries:
            item: dict[str, Any] = {"text": text({k: v for k, v in entry.items() if k != "items"})}
            if "items" in entry:
                item["items"] = items(entry["items"])
            result.append(item)
        return result

    return {lid: items(entries) for lid, entries in doc.value.items()}


# --- UI strings -------------------------------------------------------------------------

def _flatten(value: dict[str, Any], prefix: tuple[str, ...] = ()) -> dict[str, tuple[str, ...]]:
    """Each string's dotted name and its path in the file."""
    out: dict[str, tuple[str, ...]] = {}
    for key, item in value.items():
        if isinstance(item, dict):
            out.update(_flatten(item, prefix + (key,)))
        else:
            out[".".join(prefix + (key,))] = prefix + (key,)
    return out


def _string_docs(ctx: Context) -> dict[str, Doc | None]:
    return {lang: ctx.read(ctx.root / "strings" / f"{lang}.yaml", "strings") for lang in ctx.languages or ()}


def string_places(root: Path, lang: str) -> dict[str, Place]:
    """Where each UI string of a language is written (make check points at a faulty one)."""
    ctx = Context(root, Errors())
    doc = ctx.read(root / "strings" / f"{lang}.yaml", "strings")
    return {} if doc is None else {name: doc.place(path) for name, path in _flatten(doc.value).items()}


def _strings(ctx: Context) -> dict[str, dict[str, str]] | None:
    """The UI strings of every language: the same names in each, with the same placeholders."""
    docs = _string_docs(ctx)
    if not docs or None in docs.values():
        return None
    valid: dict[str, Doc] = {lang: doc for lang, doc in docs.items() if doc is not None}
    names = {lang: _flatten(doc.value) for lang, doc in valid.items()}
    first = next(iter(valid))
    # A name in one language that is a near miss of one it lacks: one message, where it is misspelt.
    misspelt = {lang: _misspelt(names[lang], names[first]) for lang in valid if lang != first}
    # What a misspelling explains, as (the language that lacks it, the name): the misspelt
    # language lacks the meant name, the first language the misspelt one; a third language
    # that lacks the name is still told.
    explained = {pair for lang, found in misspelt.items() for name, meant in found.items()
                 for pair in ((lang, meant), (first, name))}
    for lang, found in misspelt.items():
        for name, meant in found.items():
            ctx.errors.add(valid[lang].key_place(names[lang][name]),
                           f"string '{name}' is '{meant}' in {first} ({valid[first].key_place(names[first][meant])}): "
                           f"one of the two is misspelt (every language has the same names)")
    for lang, doc in valid.items():
        for name, path in names[lang].items():
            text = str(doc.value_at(path))
            if text.count("{") != text.count("}") or re.search(r"\{[^}]*\{|\}[^{]*\}", text):
                ctx.fail(doc, path, f"string '{name}' has a brace without its pair: a placeholder is written "
                                    f"{{name}}, whole")
            elif lang != first and name in names[first]:
                mine = sorted(set(PLACEHOLDER.findall(text)))
                theirs = sorted(set(PLACEHOLDER.findall(str(valid[first].value_at(names[first][name])))))
                if mine != theirs:
                    ctx.fail(doc, path, f"string '{name}' uses {_braced(mine)} in {lang} but {_braced(theirs)} in "
                                        f"{first} ({valid[first].place(names[first][name])})")
        for other, theirs in names.items():
            for name, path in theirs.items():
                if (lang, name) in explained:
                    continue
                if other != lang and name not in names[lang] and (lang == first or other == first):
                    ctx.errors.add(_nearest(doc, name), f"string '{name}' is missing in {lang} "
                                                       f"(defined for {other} at {valid[other].place(path)})")
    return {lang: {name: collapse_spaces(str(valid[lang].value_at(path))) for name, path in names[lang].items()}
            for lang in valid}


def _misspelt(mine: dict[str, Any], reference: dict[str, Any]) -> dict[str, str]:
    """Names of one language that the reference language lacks, each with the reference's name
    it most likely misspells (one this language lacks)."""
    lacking = [name for name in reference if name not in mine]
    found = {}
    for name in mine:
        if name not in reference:
            close = difflib.get_close_matches(name, lacking, n=1, cutoff=0.8)
            if close:
                found[name] = close[0]
                lacking.remove(close[0])
    return found


def _braced(names: list[str]) -> str:
    return ", ".join("{" + n + "}" for n in names) or "no placeholder"


def _nearest(doc: Doc, name: str) -> Place:
    """Where a missing string belongs: its group's line, if the group is there."""
    parts = tuple(name.split(".")[:-1])
    while parts and parts not in doc.nodes:
        parts = parts[:-1]
    return doc.key_place(parts) if parts else doc.place(())


def _check_footnotes(ctx: Context, services: list[Any], price_data: dict[str, Any],
                     strings: dict[str, dict[str, str]]) -> None:
    keys = {s["footnote"] for s in services if s["footnote"]} | {t["footnote"] for t in price_data["tables"]
                                                                 if t["footnote"]}
    lang = next(iter(strings))
    defined = [name.split(".", 1)[1] for name in strings[lang] if name.startswith("footnote.")]
    for key in sorted(keys):
        if key not in defined:
            ctx.errors.add(ctx.places[("footnote", key)],
                           f"footnote '{key}' has no text: its words are footnote.{key} in "
                           f"kbdata/strings/<language>.yaml{did_you_mean(key, defined)}")


def _check_support_groups(ctx: Context, site: dict[str, Any], strings: dict[str, dict[str, str]]) -> None:
    """support's keys are article groups (strings: articles.group.<id>)."""
    known = article_groups(strings)
    doc = site["doc"]
    for group in doc.value.get("support", {}):
        if known and group not in known:
            ctx.fail_key(doc, ("support", group), f"support: unknown article group '{group}' "
                                                  f"(groups: {', '.join(sorted(known))})")
