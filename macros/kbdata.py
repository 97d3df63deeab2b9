"""Load and validate kbdata/ into the JSON form that ``calculators.model.from_dict`` takes.

Every problem is collected with its ``file:line:column``; ``load()`` raises one
``KbdataError`` listing all of them, or returns the validated data. Nothing here knows
about MkDocs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from calculators.timeline import BEGIN_RULES

from . import cldr
from .articles import article_groups
from .errors import Errors, KbdataError, Place
from .reader import Reader, collapse_spaces
from .suggest import did_you_mean
from .yamlnodes import Map, Node, Scalar, load as load_yaml

TRIGGERS = ("funds-exhausted", "deactivated", "server-off", "contract-end")
STATE_KINDS = ("available", "unavailable", "deleted")
HOURS_WORDS = ("actual", "estimate")
MEASURES = ("approximate", "time", "average")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class Context:
    """Per-load state: the reader, the kbdata root, and how paths are shown in messages."""

    def __init__(self, root: Path, errors: Errors, languages: tuple[str, ...]) -> None:
        self.root = root
        self.errors = errors
        self.r = Reader(errors, languages)
        self.languages = languages
        self.places: dict[tuple[str, str], Place] = {}  # where derived checks point

    def label(self, path: Path) -> str:
        try:
            return path.relative_to(self.root.parent).as_posix()
        except ValueError:
            return path.as_posix()

    def load(self, relative: str) -> Node | None:
        path = self.root / relative
        if not path.is_file():
            self.errors.add(Place(self.label(path), 1, 1), "the file is missing")
            return None
        return load_yaml(path, self.label(path), self.errors)


# --- site, billing, states, lists, strings ------------------------------------------------

def _languages(ctx_root: Path, errors: Errors) -> tuple[tuple[str, ...], dict[str, Any]]:
    ctx = Context(ctx_root, errors, ())
    site = ctx.r.map(ctx.load("site.yaml"), "site.yaml")
    if site is None:
        return ("ru", "pl"), {}
    ctx.r.keys(site, "site.yaml", ["languages", "title"], ["support"])
    pairs = ctx.r.slug_items(site.get("languages"), "languages")
    seen: set[str] = set()
    for value, item in pairs:
        if value in seen:
            ctx.r.fail(item, f"language '{value}' is listed twice")
        seen.add(value)
    if not pairs and site.get("languages") is not None:
        ctx.r.fail(site.get("languages"), "languages must list at least one language, e.g. [ru, pl]")
    languages = tuple(dict.fromkeys(v for v, _ in pairs)) or ("ru", "pl")
    ctx.r.languages = languages
    support, places = _support(ctx, site.get("support"))
    return languages, {"title": ctx.r.text(site.get("title"), "title"), "support": support,
                       "support_places": places}


URL = re.compile(r"https?://[^\s/$.?#][^\s]*\Z")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\Z")


def _support(ctx: Context, node: Node | None) -> tuple[dict[str, dict[str, str]], dict[str, Place]]:
    """How readers reach support, per article group: a ticket portal, an e-mail, a ticket category."""
    result: dict[str, dict[str, str]] = {}
    if node is None:
        return result, {}
    places: dict[str, Place] = {}
    top = ctx.r.map(node, "support")
    keys = {k.text: k.place for k, _ in top.entries} if top else {}
    for group, m in _by_id(ctx, node, "support"):
        places[group] = keys.get(group, m.place)
        ctx.r.keys(m, f"support '{group}'", [], ["portal", "email", "category"])
        entry = {}
        for key, pattern, example in (("portal", URL, "https://support.example.com/"),
                                      ("email", EMAIL, "support@example.com")):
            value = ctx.r.string(m.get(key), key) if m.get(key) is not None else None
            if value is not None and not pattern.match(value):
                ctx.r.fail(m.get(key), f"{key} must look like {example}, got {value!r}")
            elif value is not None:
                entry[key] = value
        label = m.get("category")  # the portal's own label, or per language: {ru: …, pl: …}
        category = (ctx.r.text(label, "category") if isinstance(label, Map) else ctx.r.string(label, "category")
                    if label is not None else None)
        if category:
            entry["category"] = category
        if all(m.get(key) is None for key in ("portal", "email")):
            ctx.r.fail(m, f"support '{group}' names no channel: give a portal, an email or both")
        result[group] = entry
    return result, places


def _check_support_groups(ctx: Context, site: dict, strings: dict) -> None:
    """support's keys are article groups (strings: articles.group.<id>)."""
    known = article_groups(strings)
    for group, place in site.pop("support_places", {}).items():
        if known and group not in known:
            ctx.errors.add(place, f"support: unknown article group '{group}' (groups: {', '.join(sorted(known))})")


def _by_id(ctx: Context, node: Node | None, what: str) -> Iterator[tuple[str, Map]]:
    """The entries of an 'id: {fields}' mapping whose id is a slug and whose value a mapping."""
    top = ctx.r.map(node, what)
    for key, value in top.entries if top else ():
        ident = ctx.r.slug(key, f"a {what} id")
        m = ctx.r.map(value, f"{what} '{key.text}'")
        if ident is not None and m is not None:
            yield ident, m


def _billing(ctx: Context) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for bid, m in _by_id(ctx, ctx.load("billing.yaml"), "billing"):
        ctx.r.keys(m, f"billing '{bid}'", ["name"], ["name_from", "period_days", "renewal_hours"])
        result[bid] = {"name": ctx.r.text(m.get("name"), "name"),
                       "name_from": ctx.r.text(m.get("name_from"), "name_from") if m.get("name_from") is not None else None}
        for field in ("period_days", "renewal_hours"):
            result[bid][field] = ctx.r.whole(m.get(field), field, 1) if m.get(field) is not None else None
    return result


def _states(ctx: Context) -> dict[str, Any]:
    result: dict[str, Any] = {}
    node = ctx.load("states.yaml")
    for sid, m in _by_id(ctx, node, "state"):
        ctx.r.keys(m, f"state '{sid}'", ["kind", "name"])
        result[sid] = {"kind": ctx.r.choice(m.get("kind"), "kind", STATE_KINDS),
                       "name": ctx.r.text(m.get("name"), "name")}
    if "running" in result and isinstance(node, Map):
        ctx.errors.add(node.index["running"].place, "'running' is reserved for a working service")
    return result


def _list_items(ctx: Context, node: Node | None, what: str) -> list[Any]:
    seq = ctx.r.seq(node, what)
    items = []
    for entry in seq.items if seq else ():
        m = ctx.r.map(entry, f"an entry of {what}")
        if m is None:
            continue
        ctx.r.keys(m, f"an entry of {what}", ctx.languages, ["items"])
        text_node = Map(place=m.place, entries=tuple((k, v) for k, v in m.entries if k.text != "items"),
                        index={k: v for k, v in m.index.items() if k != "items"})
        item: dict[str, Any] = {"text": ctx.r.text(text_node, f"an entry of {what}")}
        if m.get("items") is not None:
            item["items"] = _list_items(ctx, m.get("items"), what)
        items.append(item)
    return items


def _lists(ctx: Context) -> dict[str, Any]:
    node = ctx.r.map(ctx.load("lists.yaml"), "lists.yaml")
    result = {}
    for key, value in node.entries if node else ():
        lid = ctx.r.slug(key, "a list id")
        if lid is not None:
            result[lid] = _list_items(ctx, value, f"list '{lid}'")
    return result


def _flatten(ctx: Context, node: Map, prefix: str, out: dict[str, tuple[str, Scalar]]) -> None:
    for key, value in node.entries:
        name = f"{prefix}{key.text}"
        if isinstance(value, Map):
            _flatten(ctx, value, name + ".", out)
        else:
            text = ctx.r.string(value, f"string '{name}'")
            if text is not None:
                out[name] = (collapse_spaces(text), value)  # type: ignore[assignment]


def string_places(root: Path, lang: str) -> dict[str, Place]:
    """Where each UI string of a language is written (make check points at a faulty one)."""
    ctx = Context(root, Errors(), (lang,))
    node = ctx.r.map(ctx.load(f"strings/{lang}.yaml"), f"strings/{lang}.yaml")
    found: dict[str, tuple[str, Scalar]] = {}
    if node is not None:
        _flatten(ctx, node, "", found)
    return {key: value.place for key, (_, value) in found.items()}


def _strings(ctx: Context) -> dict[str, dict[str, str]]:
    per_lang: dict[str, dict[str, tuple[str, Scalar]]] = {}
    files: dict[str, Node] = {}
    for lang in ctx.languages:
        node = ctx.r.map(ctx.load(f"strings/{lang}.yaml"), f"strings/{lang}.yaml")
        per_lang[lang] = {}
        if node is not None:
            files[lang] = node
            _flatten(ctx, node, "", per_lang[lang])
    all_keys = sorted(set().union(*(set(v) for v in per_lang.values())))
    for lang, strings in per_lang.items():
        if lang not in files:
            continue
        for key in all_keys:
            if key not in strings:
                other = next(l for l in ctx.languages if key in per_lang[l])
                where = per_lang[other][key][1].place
                ctx.errors.add(files[lang].place, f"string '{key}' is missing in {lang} "
                                                  f"(defined for {other} at {where})")
                continue
            text, node = strings[key]
            mine = set(PLACEHOLDER.findall(text))
            for other in ctx.languages:
                if other != lang and key in per_lang[other]:
                    theirs = set(PLACEHOLDER.findall(per_lang[other][key][0]))
                    if mine != theirs and lang == ctx.languages[-1]:
                        ctx.errors.add(node.place, f"string '{key}' uses placeholders "
                                                   f"{sorted(mine)} in {lang} but {sorted(theirs)} in {other}")
    return {lang: {k: v[0] for k, v in strings.items()} for lang, strings in per_lang.items()}


# --- retention policies -----------------------------------------------------------------

DAYS_MAX = 3650  # ten years: a retention period longer than that is a typo (the schema says so too)

def _days(ctx: Context, node: Node | None, what: str) -> dict[str, int] | None:
    if isinstance(node, Map):
        ctx.r.keys(node, what, ["min", "max"])
        low = ctx.r.whole(node.get("min"), f"{what}: min", maximum=DAYS_MAX)
        high = ctx.r.whole(node.get("max"), f"{what}: max", maximum=DAYS_MAX)
        if low is None or high is None:
            return None
        if high < low:
            ctx.errors.add(node.get("max").place, f"{what}: max ({high}) is below min ({low})")
            return None
        return {"min": low, "max": high}
    days = ctx.r.whole(node, f"{what} (days)", maximum=DAYS_MAX)
    return None if days is None else {"min": days, "max": days}


def _begins(ctx: Context, node: Node | None, billing: dict[str, Any]) -> dict[str, str]:
    rules = list(BEGIN_RULES)
    if isinstance(node, Map):
        result = {}
        for key, value in node.entries:
            if key.text not in billing:
                ctx.errors.add(key.place, f"unknown billing kind '{key.text}' in 'begins' "
                                          f"(expected one of: {', '.join(billing)})")
                continue
            rule = ctx.r.choice(value, f"begins [{key.text}]", rules)
            if rule:
                result[key.text] = rule
        return result
    rule = ctx.r.choice(node, "begins", rules)
    return {"*": rule} if rule else {}


def _phases(ctx: Context, node: Node | None, pid: str, states: dict[str, Any]) -> list[Any]:
    seq = ctx.r.seq(node, f"phases of policy '{pid}'")
    phases: list[Any] = []
    seen: dict[str, Node] = {}
    for entry in seq.items if seq else ():
        m = ctx.r.map(entry, "a phase")
        if m is None:
            continue
        ctx.r.keys(m, "a phase", ["state", "after", "note"], ["from"])
        state = ctx.r.slug(m.get("state"), "state")
        if state is not None and state not in states:
            ctx.errors.add(m.get("state").place, f"unknown state '{state}' "
                                                 f"(states are defined in kbdata/states.yaml)")
            state = None
        if state is not None and state in seen:
            ctx.errors.add(m.get("state").place, f"state '{state}' appears twice in policy '{pid}' "
                                                 f"(first at line {seen[state].place.line})")
        after = _days(ctx, m.get("after"), "after")
        origin = None
        if m.get("from") is not None:
            origin = ctx.r.slug(m.get("from"), "from")
            if origin is not None and origin not in seen:
                ctx.errors.add(m.get("from").place, f"'from: {origin}' must name an earlier phase "
                                                    f"of policy '{pid}' (earlier: {', '.join(seen) or 'none'})")
        if state is not None:
            seen[state] = m
        phases.append({"state": state, "after": after, "from": origin,
                       "note": ctx.r.text(m.get("note"), "note")})
    if seq is not None and not seq.items:
        ctx.errors.add(seq.place, f"policy '{pid}' needs at least one phase")
    return phases


def _money(ctx: Context, node: Node | None, what: str) -> dict[str, Any] | None:
    m = ctx.r.map(node, what)
    if m is None:
        return None
    ctx.r.keys(m, what, ["amount", "currency"], ["vat"])
    amount = ctx.r.decimal(m.get("amount"), "amount")
    currency = ctx.r.string(m.get("currency"), "currency")
    if currency is not None and not re.fullmatch(r"[A-Z]{3}", currency):
        ctx.errors.add(m.get("currency").place, f"currency must be an ISO 4217 code like PLN, got {currency!r}")
    return {"amount": str(amount) if amount is not None else None, "currency": currency,
            "vat": ctx.r.choice(m.get("vat"), "vat", ("excluded", "included")) if m.get("vat") is not None else None}


def _policy(ctx: Context, pid: str, key: Node, m: Map, states: dict[str, Any], billing: dict[str, Any]) -> dict[str, Any]:
    what = f"policy '{pid}'"
    ctx.r.keys(m, what, ["trigger", "begins", "phases"],
               ["options", "reactivation", "matrix", "periods", "tariff_changes"])
    phases = _phases(ctx, m.get("phases"), pid, states)
    policy: dict[str, Any] = {
        "trigger": ctx.r.choice(m.get("trigger"), "trigger", TRIGGERS),
        "begins": _begins(ctx, m.get("begins"), billing),
        "options": {}, "phases": phases, "matrix": None, "reactivation": None,
        "periods": [], "tariff_changes": [],
    }
    options = ctx.r.map(m.get("options"), "options")
    for key, value in options.entries if options else ():
        if key.text != "licenses":
            ctx.errors.add(key.place, f"unknown option '{key.text}' (expected: licenses)")
            continue
        o = ctx.r.map(value, f"option '{key.text}'")
        if o is None:
            continue
        ctx.r.keys(o, f"option '{key.text}'", ["billing", "begins", "name", "note"])
        kinds = ctx.r.known(ctx.r.slug_items(o.get("billing"), "billing"), billing, "billing kind")
        policy["options"][key.text] = {
            "billing": kinds, "begins": ctx.r.choice(o.get("begins"), "begins", list(BEGIN_RULES)),
            "name": ctx.r.text(o.get("name"), "name"), "note": ctx.r.text(o.get("note"), "note")}
    react = ctx.r.map(m.get("reactivation"), "reactivation")
    if react is not None:
        ctx.r.keys(react, "reactivation", ["min_topup"], ["billing"])
        money = _money(ctx, react.get("min_topup"), "min_topup")
        if money is not None:
            money["billing"] = ctx.r.known(ctx.r.slug_items(react.get("billing"), "billing"), billing,
                                           "billing kind")
        policy["reactivation"] = money
    has_range = any(p["after"] and p["after"]["min"] != p["after"]["max"] for p in phases)
    if m.get("matrix") is not None:
        pairs = ctx.r.slug_items(m.get("matrix"), "matrix")
        known = {p["state"] for p in phases if p["state"]} | {"running"}
        for cell, node in pairs:
            if cell not in known:
                ctx.errors.add(node.place, f"matrix cell '{cell}' is not a state of policy '{pid}' "
                                           f"(expected one of: {', '.join(sorted(known))})")
        policy["matrix"] = [cell for cell, _ in pairs]
        ctx.places[("matrix", pid)] = m.get("matrix").place
    elif has_range:
        ctx.errors.add(key.place, f"policy '{pid}' has a phase with a range of days, so it needs "
                                f"'matrix': the state to show in each column of its group's matrix")
    periods = ctx.r.seq(m.get("periods"), "periods")
    for entry in periods.items if periods else ():
        p = ctx.r.map(entry, "a period")
        if p is None:
            continue
        ctx.r.keys(p, "a period", ["name", "online", "renewal", "domain"], ["duration"])
        duration = None
        d = p.get("duration")
        if isinstance(d, Map) and d.get("months") is not None:
            ctx.r.keys(d, "duration", ["months"])
            duration = {"months": ctx.r.whole(d.get("months"), "months", 1)}
        elif d is not None:
            duration = _days(ctx, d, "duration")
        policy["periods"].append({
            "name": ctx.r.text(p.get("name"), "name"), "duration": duration,
            "online": ctx.r.boolean(p.get("online"), "online"),
            "renewal": ctx.r.boolean(p.get("renewal"), "renewal"),
            "domain": ctx.r.choice(p.get("domain"), "domain", ("in-use", "available"))})
    changes = ctx.r.seq(m.get("tariff_changes"), "tariff_changes")
    for entry in changes.items if changes else ():
        pairs = ctx.r.slug_items(entry, "a tariff change [from, to]")
        if len(pairs) != 2 or len(getattr(entry, "items", ())) != 2:
            ctx.errors.add(entry.place, "a tariff change must be a pair [from, to] of billing kinds")
            continue
        if len(ctx.r.known(pairs, billing, "billing kind")) == 2:
            source, node = pairs[0]
            if billing[source].get("name_from") is None:
                ctx.errors.add(node.place, f"billing kind '{source}' needs name_from in billing.yaml (how a tariff change "
                                      f"from it is worded: 'с месячного', 'z miesięcznego')")
            policy["tariff_changes"].append([kind for kind, _ in pairs])
    return policy


def _policies(ctx: Context, states: dict[str, Any], billing: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    places: dict[str, Place] = {}
    folder = ctx.root / "retention"
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        ctx.errors.add(Place(ctx.label(folder), 1, 1), "no retention policies (*.yaml) found")
    for path in files:
        node = ctx.r.map(load_yaml(path, ctx.label(path), ctx.errors), ctx.label(path))
        for key, value in node.entries if node else ():
            pid = ctx.r.slug(key, "a policy id")
            m = ctx.r.map(value, f"policy '{key.text}'")
            if pid is None or m is None:
                continue
            if pid in places:
                ctx.errors.add(key.place, f"policy '{pid}' is defined twice (first at {places[pid]})")
                continue
            places[pid] = key.place
            result[pid] = _policy(ctx, pid, key, m, states, billing)
    return result


# --- services and groups ----------------------------------------------------------------

def _groups(ctx: Context, node: Node | None) -> list[dict[str, Any]]:
    seq = ctx.r.seq(node, "groups")
    groups = []
    for entry in seq.items if seq else ():
        m = ctx.r.map(entry, "a group")
        if m is None:
            continue
        ctx.r.keys(m, "a group", ["id", "name"], ["columns", "matrix"])
        columns = None
        if m.get("columns") is not None:
            cseq = ctx.r.seq(m.get("columns"), "columns")
            columns = [ctx.r.whole(c, "a column (days)") for c in cseq.items] if cseq else []
            if None not in columns and columns != sorted(set(columns)):
                ctx.errors.add(m.get("columns").place, f"columns must be distinct and ascending, got {columns}")
        groups.append({"id": ctx.r.slug(m.get("id"), "id"), "name": ctx.r.text(m.get("name"), "name"),
                       "columns": columns, "matrix": ctx.r.boolean(m.get("matrix"), "matrix")
                       if m.get("matrix") is not None else True, "_node": m})
    return groups


def _labels(ctx: Context, node: Node | None, sid: str) -> dict[str, dict[str, str]]:
    m = ctx.r.map(node, f"labels of service '{sid}'")
    result: dict[str, dict[str, str]] = {}
    if m is None:
        return result
    ctx.r.keys(m, f"labels of service '{sid}'", ctx.languages)
    for lang in ctx.languages:
        per = ctx.r.map(m.get(lang), f"labels [{lang}]")
        if per is None:
            continue
        result[lang] = {}
        for key, value in per.entries:
            text = ctx.r.string(value, f"label '{key.text}' [{lang}]")
            if text is not None:
                result[lang][key.text] = text
    return result


def _services(ctx: Context, policies: dict[str, Any], billing: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    top = ctx.r.map(ctx.load("services.yaml"), "services.yaml")
    if top is None:
        return [], []
    ctx.r.keys(top, "services.yaml", ["groups", "services"])
    groups = _groups(ctx, top.get("groups"))
    group_ids: set[str] = set()
    for group in groups:
        if group["id"] in group_ids:
            ctx.errors.add(group["_node"].get("id").place, f"group id '{group['id']}' is used twice")
        if group["id"]:
            group_ids.add(group["id"])
    seq = ctx.r.seq(top.get("services"), "services")
    services: list[dict[str, Any]] = []
    seen: dict[str, Place] = {}
    for entry in seq.items if seq else ():
        m = ctx.r.map(entry, "a service")
        if m is None:
            continue
        ctx.r.keys(m, "a service", ["id", "name", "group", "policy", "labels"],
                   ["billing", "parent", "footnote", "short"])
        sid = ctx.r.slug(m.get("id"), "id")
        if sid is not None and sid in seen:
            ctx.errors.add(m.get("id").place, f"service id '{sid}' is used twice (first at {seen[sid]})")
        if sid is not None:
            seen[sid] = m.get("id").place
        sid = sid or "?"
        service: dict[str, Any] = {
            "id": sid, "name": ctx.r.text(m.get("name"), "name"),
            "short": ctx.r.text(m.get("short"), "short") if m.get("short") is not None else None,
            "group": ctx.r.slug(m.get("group"), "group"), "policy": ctx.r.slug(m.get("policy"), "policy"),
            "billing": [], "parent": None, "footnote": None,
            "labels": _labels(ctx, m.get("labels"), sid)}
        if service["group"] and service["group"] not in group_ids:
            ctx.errors.add(m.get("group").place, f"service '{sid}' is in group '{service['group']}', "
                                                 f"which is not defined (groups: {', '.join(sorted(group_ids))})")
        policy = policies.get(service["policy"]) if service["policy"] else None
        if service["policy"] and policy is None:
            ctx.errors.add(m.get("policy").place, f"service '{sid}' points to policy '{service['policy']}', "
                                                  f"which no file in kbdata/retention/ defines"
                                                  f"{did_you_mean(service['policy'], policies)}")
        if m.get("billing") is not None:
            service["billing"] = ctx.r.known(ctx.r.slug_items(m.get("billing"), "billing"), billing,
                                             "billing kind")
        if m.get("parent") is not None:
            service["parent"] = ctx.r.slug(m.get("parent"), "parent")
            if service["parent"] and service["parent"] not in seen:
                ctx.errors.add(m.get("parent").place, f"parent '{service['parent']}' must be a service "
                                                      f"listed above '{sid}'")
        if m.get("footnote") is not None:
            service["footnote"] = ctx.r.slug(m.get("footnote"), "footnote")
        if policy is not None:
            _check_service_policy(ctx, m, service, policy)
        service["_node"] = m
        services.append(service)
    return groups, services


def _check_service_policy(ctx: Context, m: Map, service: dict[str, Any], policy: dict[str, Any]) -> None:
    sid = service["id"]
    states = ["running"] + [p["state"] for p in policy["phases"] if p["state"]]
    labels = m.get("labels")
    for lang, per in service["labels"].items():
        per_node = labels.get(lang) if isinstance(labels, Map) else None
        for state in states:
            if state not in per:
                ctx.errors.add((per_node or m).place, f"labels [{lang}] of service '{sid}' have no "
                                                      f"'{state}' (its policy '{service['policy']}' needs: "
                                                      f"{', '.join(states)})")
        keys = {k.text: k for k, _ in per_node.entries} if isinstance(per_node, Map) else {}
        for key in per:
            if key not in states:
                node = keys.get(key, m)
                ctx.errors.add(node.place, f"label '{key}' is not a state of policy "
                                           f"'{service['policy']}' (expected: {', '.join(states)})")
    if "*" not in policy["begins"]:
        if not service["billing"]:
            ctx.errors.add(m.get("policy").place,
                           f"policy '{service['policy']}' says when the timeline begins per billing kind "
                           f"({', '.join(policy['begins'])}), but service '{sid}' lists no 'billing'")
        for kind in service["billing"]:
            if kind not in policy["begins"]:
                ctx.errors.add(m.get("policy").place,
                               f"policy '{service['policy']}' does not say when the timeline begins "
                               f"for billing '{kind}' of service '{sid}'")


def _finish_groups(ctx: Context, groups: list[Any], services: list[Any], policies: dict[str, Any]) -> None:
    for group in groups:
        members = [s for s in services if s["group"] == group["id"]]
        node = group.pop("_node")
        if not members:
            ctx.errors.add(node.place, f"group '{group['id']}' has no services")
        if group["columns"] is None:
            # The matrix's day columns follow the policies: every day a phase begins.
            days: set[int] = set()
            for s in members:
                policy = policies.get(s["policy"])
                if policy and policy["matrix"] is None and _complete(policy):
                    days.update(_start(policy, p["state"]) for p in policy["phases"])
            group["columns"] = sorted(days)
        for s in members:
            policy = policies.get(s["policy"])
            if policy and policy["matrix"] is not None and len(policy["matrix"]) != len(group["columns"]):
                ctx.errors.add(ctx.places[("matrix", s["policy"])],
                               f"policy '{s['policy']}' has {len(policy['matrix'])} matrix cells but group "
                               f"'{group['id']}' has {len(group['columns'])} columns")
    for s in services:
        s.pop("_node")


def _complete(policy: dict[str, Any]) -> bool:
    """Every phase valid and counted from an earlier phase: its days can be added up."""
    earlier: set[str] = set()
    for phase in policy["phases"]:
        if not phase["state"] or not phase["after"] or (phase["from"] and phase["from"] not in earlier):
            return False
        earlier.add(phase["state"])
    return True


def _start(policy: dict[str, Any], state: str) -> int:
    by_state = {p["state"]: p for p in policy["phases"]}
    phase = by_state[state]
    base = _start(policy, phase["from"]) if phase["from"] else 0
    return base + phase["after"]["min"]


# --- prices -----------------------------------------------------------------------------

def _hours(ctx: Context, m: Map, what: str) -> dict[str, Any] | None:
    node, variants = m.get("hours"), m.get("variants")
    if (node is None) == (variants is None):
        ctx.errors.add(m.place, f"{what} needs exactly one of 'hours' or 'variants'")
        return None
    if variants is not None:
        seq = ctx.r.seq(variants, "variants")
        result = []
        for entry in seq.items if seq else ():
            v = ctx.r.map(entry, "a variant")
            if v is None:
                continue
            ctx.r.keys(v, "a variant", ["hours", "note"])
            hours = ctx.r.decimal(v.get("hours"), "hours")
            result.append({"hours": str(hours) if hours is not None else None,
                           "note": ctx.r.text(v.get("note"), "note")})
        if seq is not None and len(seq.items) < 2:
            ctx.errors.add(seq.place, "variants need at least two entries")
        return {"kind": "variants", "variants": result}
    if isinstance(node, Scalar) and node.plain and node.text in HOURS_WORDS:
        return {"kind": node.text}
    if isinstance(node, Map):
        ctx.r.keys(node, "hours", ["from"], ["to", "usually"])
        low = ctx.r.decimal(node.get("from"), "hours: from")
        if node.get("to") is not None and node.get("usually") is not None:
            ctx.errors.add(node.get("usually").place, "hours: 'usually' goes with a lower bound alone "
                                                      "({from: N, usually: {...}}), not with 'to'")
        if node.get("to") is not None:
            high = ctx.r.decimal(node.get("to"), "hours: to")
            if low is not None and high is not None and high < low:
                ctx.errors.add(node.get("to").place, f"hours: 'to' ({high}) is below 'from' ({low})")
            return {"kind": "range", "min": str(low) if low else None, "max": str(high) if high else None}
        result = {"kind": "from", "min": str(low) if low is not None else None}
        usual = ctx.r.map(node.get("usually"), "usually")
        if usual is not None:
            ctx.r.keys(usual, "usually", ["from", "to"])
            a = ctx.r.decimal(usual.get("from"), "usually: from")
            b = ctx.r.decimal(usual.get("to"), "usually: to")
            if a is not None and b is not None:
                if b < a:
                    ctx.errors.add(usual.get("to").place, f"usually: 'to' ({b}) is below 'from' ({a})")
                if low is not None and a < low:
                    ctx.errors.add(usual.get("from").place, f"usually: 'from' ({a}) is below the lower bound ({low})")
                result["usually"] = [str(a), str(b)]
        return result
    if isinstance(node, Scalar) and node.plain and not re.match(r"^[0-9.+-]", node.text):
        ctx.errors.add(node.place, f"hours must be a number, {{from: N}}, {{from: N, to: M}}, "
                                   f"'actual' or 'estimate'; got {node.text}")
        return None
    hours = ctx.r.decimal(node, "hours")
    return {"kind": "fixed", "min": str(hours), "max": str(hours)} if hours is not None else None


def _item(ctx: Context, node: Node, default_role: str | None, roles: set[str], seen: dict[str, Place],
          extra: tuple[str, ...] = (), k_assumed: bool = False) -> dict[str, Any] | None:
    m = ctx.r.map(node, "a paid item")
    if m is None:
        return None
    ctx.r.keys(m, "a paid item", ["id", "name", *extra], ("hours", "variants", "note", "role", "k_assumed"))
    iid = ctx.r.slug(m.get("id"), "id")
    if iid is not None and iid in seen:
        ctx.errors.add(m.get("id").place, f"paid item id '{iid}' is used twice (first at {seen[iid]})")
    if iid is not None:
        seen[iid] = m.get("id").place
    role = default_role
    if m.get("role") is not None:
        role = ctx.r.choice(m.get("role"), "role", sorted(roles))
    elif role is not None and role not in roles:
        ctx.errors.add(m.place, f"paid item '{iid}' has no role and the default role '{role}' has no "
                                f"coefficient (coefficients: {', '.join(sorted(roles))})")
    item = {"id": iid, "name": ctx.r.text(m.get("name"), "name"), "role": role,
            "hours": _hours(ctx, m, f"paid item '{iid}'"),
            "note": ctx.r.text(m.get("note"), "note") if m.get("note") is not None else None,
            "k_assumed": _flag(ctx, m, "k_assumed", k_assumed)}
    if "number" in extra:
        item["number"] = ctx.r.string(m.get("number"), "number")
        item["clause"] = ctx.r.whole(m.get("clause"), "clause", 1)
    return item


def _flag(ctx: Context, m: Any, key: str, default: bool) -> bool:
    """An optional true/false field."""
    if m.get(key) is None:
        return default
    value = ctx.r.boolean(m.get(key), key)
    return default if value is None else value


def _prices(ctx: Context) -> dict[str, Any]:
    m = ctx.r.map(ctx.load("prices.yaml"), "prices.yaml")
    if m is None:
        return {}
    ctx.r.keys(m, "prices.yaml", ["currency", "rates", "coefficients", "regulated", "tables"])
    currency = ctx.r.string(m.get("currency"), "currency")
    if currency is not None and not re.fullmatch(r"[A-Z]{3}", currency):
        ctx.errors.add(m.get("currency").place, f"currency must be an ISO 4217 code like RUB, got {currency!r}")
    rates = []
    seq = ctx.r.seq(m.get("rates"), "rates")
    dates: dict[str, Place] = {}
    for entry in seq.items if seq else ():
        r = ctx.r.map(entry, "a rate")
        if r is None:
            continue
        ctx.r.keys(r, "a rate", ["amount", "effective"], ["sample"])
        amount = ctx.r.decimal(r.get("amount"), "amount")
        effective = ctx.r.date(r.get("effective"), "effective")
        if effective in dates:
            ctx.errors.add(r.get("effective").place, f"two rates take effect on {effective} "
                                                     f"(the other at {dates[effective]})")
        if effective:
            dates[effective] = r.get("effective").place
        rates.append({"amount": str(amount) if amount is not None else None, "effective": effective,
                      "sample": bool(ctx.r.boolean(r.get("sample"), "sample")) if r.get("sample") is not None else False})
    if seq is not None and not seq.items:
        ctx.errors.add(seq.place, "at least one rate is needed")
    coefficients = {}
    cm = ctx.r.map(m.get("coefficients"), "coefficients")
    for key, value in cm.entries if cm else ():
        c = ctx.r.map(value, f"coefficient '{key.text}'")
        if ctx.r.slug(key, "a role id") is None or c is None:
            continue
        ctx.r.keys(c, f"coefficient '{key.text}'", ["k", "name"])
        k = ctx.r.decimal(c.get("k"), "k")
        coefficients[key.text] = {"k": str(k) if k is not None else None, "name": ctx.r.text(c.get("name"), "name")}
    roles = set(coefficients)
    seen: dict[str, Place] = {}
    regulated = []
    rseq = ctx.r.seq(m.get("regulated"), "regulated")
    for entry in rseq.items if rseq else ():
        item = _item(ctx, entry, "developer", roles, seen, ("number", "clause"))
        if item:
            regulated.append(item)
    tables = []
    table_ids: set[str] = set()
    tseq = ctx.r.seq(m.get("tables"), "tables")
    for entry in tseq.items if tseq else ():
        t = ctx.r.map(entry, "a table")
        if t is None:
            continue
        tid = ctx.r.slug(t.get("id"), "id")
        if tid in table_ids:
            ctx.errors.add(t.get("id").place, f"table id '{tid}' is used twice")
        table_ids.add(tid)
        ctx.r.keys(t, "a table", ["id", "role", "name", "items"], ["footnote", "measure", "k_assumed"])
        role = ctx.r.choice(t.get("role"), "role", sorted(roles))
        iseq = ctx.r.seq(t.get("items"), "items")
        assumed = _flag(ctx, t, "k_assumed", False)
        items = [i for i in (_item(ctx, e, role, roles, seen, k_assumed=assumed) for e in (iseq.items if iseq else ()))
                 if i]
        tables.append({"id": tid, "role": role, "name": ctx.r.text(t.get("name"), "name"),
                       "footnote": ctx.r.slug(t.get("footnote"), "footnote") if t.get("footnote") is not None else None,
                       "measure": ctx.r.choice(t.get("measure"), "measure", MEASURES) if t.get("measure") is not None else None,
                       "items": items})
    return {"currency": currency, "rates": rates, "coefficients": coefficients,
            "regulated": regulated, "tables": tables}


# --- the whole of kbdata ----------------------------------------------------------------

def _check_footnotes(ctx: Context, data: dict[str, Any], strings: dict[str, dict[str, str]]) -> None:
    keys = {s["footnote"] for s in data["services"] if s["footnote"]}
    keys |= {t["footnote"] for t in data["prices"].get("tables", []) if t["footnote"]}
    first = strings.get(ctx.languages[0], {})
    for key in sorted(keys):
        if f"footnote.{key}" not in first:
            ctx.errors.add(Place(f"kbdata/strings/{ctx.languages[0]}.yaml", 1, 1),
                           f"footnote '{key}' is used but 'footnote.{key}' is not defined")


def load(root: Path) -> dict[str, Any]:
    """Validate kbdata/ at ``root``; return the JSON form, or raise KbdataError with all problems."""
    errors = Errors()
    languages, site = _languages(root, errors)
    ctx = Context(root, errors, languages)
    billing = _billing(ctx)
    states = _states(ctx)
    policies = _policies(ctx, states, billing)
    groups, services = _services(ctx, policies, billing)
    _finish_groups(ctx, groups, services, policies)
    data = {
        "languages": list(languages),
        "site": site,
        "billing": billing,
        "states": states,
        "policies": policies,
        "groups": groups,
        "services": services,
        "prices": _prices(ctx),
        "lists": _lists(ctx),
    }
    strings = _strings(ctx)
    _check_footnotes(ctx, data, strings)
    _check_support_groups(ctx, site, strings)
    if errors:
        raise KbdataError(errors)
    data["strings"] = strings
    currencies = [data["prices"]["currency"]] + [p["reactivation"]["currency"] for p in policies.values()
                                                 if p["reactivation"]]
    data["locale"] = {lang: cldr.export(lang, currencies) for lang in languages}
    return data
