"""Load kbdata/ into the JSON form that ``calculators.model.from_dict`` takes.

The shape of every file (structure, types, ranges, enums) is its JSON Schema's, in
kbdata/schema/ (``macros.schema`` checks it). The modules here read files that have that shape
and check only what a schema cannot say: ids used once, references between files, the KB's
languages and the placeholders of its UI strings, ranges in order. Every problem is collected
with its ``file:line:column``; ``load()`` raises one ``KbdataError`` listing all of them.
A check that needs a file that failed is skipped: one mistake, one message. Nothing here
knows about MkDocs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .. import cldr
from ..articles import article_groups
from ..errors import Errors, KbdataError, Place
from ..schema import Doc, check
from .context import Context, collapse_spaces, text
from .prices import prices as read_prices
from .retention import policies as read_policies
from .services import services as read_services

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def load(root: Path) -> dict[str, Any]:
    """Validate kbdata/ at ``root``; return the JSON form, or raise KbdataError with all problems."""
    ctx = Context(root, Errors())
    for odd in sorted(root.rglob("*.yml")):
        ctx.errors.add(Place(ctx.label(odd), 1, 1), "kbdata files end in .yaml: rename it, or it is not read")
    site = _site(ctx)
    billing = _by_id(ctx, "billing")
    states = _by_id(ctx, "states")
    policies = read_policies(ctx, states, billing)
    read = read_services(ctx, policies, billing)
    groups, services = read if read is not None else (None, None)
    price_data = read_prices(ctx)
    lists = _lists(ctx)
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
            "strings": strings}
    currencies = [price_data["currency"]] + [p["reactivation"]["currency"] for p in policies.values()
                                              if p["reactivation"]]
    data["locale"] = {lang: cldr.export(lang, currencies) for lang in ctx.languages}
    return data


def _site(ctx: Context) -> dict[str, Any] | None:
    doc = ctx.read(ctx.root / "site.yaml", "site")
    if doc is None:
        return None
    ctx.languages = tuple(doc.value["languages"])
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
    names = {lang: _flatten(doc.value) for lang, doc in docs.items() if doc is not None}
    first = next(iter(docs))
    for lang, doc in docs.items():
        assert doc is not None
        for name, path in names[lang].items():
            if lang == first:
                continue
            if name not in names[first]:
                ctx.errors.add(docs[first].place(()), f"string '{name}' is missing in {first} "  # type: ignore[union-attr]
                                                      f"(defined for {lang} at {doc.place(path)})")
                continue
            mine = sorted(set(PLACEHOLDER.findall(str(doc.value_at(path)))))
            theirs = sorted(set(PLACEHOLDER.findall(str(docs[first].value_at(names[first][name])))))  # type: ignore[union-attr]
            if mine != theirs:
                ctx.fail(doc, path, f"string '{name}' uses placeholders {mine} in {lang} but {theirs} in {first}")
        for name, path in names[first].items():
            if lang != first and name not in names[lang]:
                ctx.errors.add(doc.place(()), f"string '{name}' is missing in {lang} "
                                              f"(defined for {first} at {docs[first].place(path)})")  # type: ignore[union-attr]
    return {lang: {name: collapse_spaces(str(docs[lang].value_at(path))) for name, path in names[lang].items()}  # type: ignore[union-attr]
            for lang in docs}


def _check_footnotes(ctx: Context, services: list[Any], price_data: dict[str, Any],
                     strings: dict[str, dict[str, str]]) -> None:
    keys = {s["footnote"] for s in services if s["footnote"]} | {t["footnote"] for t in price_data["tables"]
                                                                 if t["footnote"]}
    lang = next(iter(strings))
    for key in sorted(keys):
        if f"footnote.{key}" not in strings[lang]:
            ctx.errors.add(Place(f"kbdata/strings/{lang}.yaml", 1, 1),
                           f"footnote '{key}' is used but 'footnote.{key}' is not defined")


def _check_support_groups(ctx: Context, site: dict[str, Any], strings: dict[str, dict[str, str]]) -> None:
    """support's keys are article groups (strings: articles.group.<id>)."""
    known = article_groups(strings)
    doc = site["doc"]
    for group in doc.value.get("support", {}):
        if known and group not in known:
            ctx.fail_key(doc, ("support", group), f"support: unknown article group '{group}' "
                                                  f"(groups: {', '.join(sorted(known))})")
