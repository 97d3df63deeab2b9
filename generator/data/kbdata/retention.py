"""Retention policies (kbdata/retention/*.yaml): read into the model's form, and what their
schema cannot say checked: states, billing kinds and earlier phases they name, day ranges."""

from __future__ import annotations

from typing import Any

from generator.data.errors import Place
from generator.data.kbdata.context import Context, amount, text
from generator.data.kbdata.prices import known_currency
from generator.data.schema import Doc
from generator.data.suggest import did_you_mean


def policies(ctx: Context, states: dict[str, Any] | None, billing: dict[str, Any] | None) -> dict[str, Any] | None:
    """Every policy by id; None when a file is invalid (what refers to policies is then not checked)."""
    folder = ctx.root / "retention"
    files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]) if folder.is_dir() else []
    if not files:
        ctx.errors.add(Place(ctx.label(folder), 1, 1), "no retention policies (*.yaml) found")
    docs = [ctx.read(path, "retention", by_id=True) for path in files]
    if None in docs or not files:
        return None
    ctx.known["policies"] = [pid for doc in docs if doc for pid in doc.value]
    result: dict[str, Any] = {}
    places: dict[str, Place] = {}
    for doc in docs:
        assert doc is not None
        for pid, value in doc.value.items():
            if pid in places:
                ctx.fail_key(doc, (pid,), f"policy '{pid}' is defined twice (first at {places[pid]})")
                continue
            places[pid] = doc.key_place((pid,))
            if pid in doc.bad:
                continue
            if states is not None and billing is not None and not _references_hold(ctx, doc, pid, value, billing):
                continue  # a misspelt state or billing kind: what depends on the policy is not checked
            policy = _policy(ctx, doc, pid, value)
            if policy is not None and policy.get("act") and states is not None \
                    and all(p["state"] in states for p in policy["phases"]) \
                    and not any(states[p["state"]]["kind"] == "deleted" for p in policy["phases"]):
                ctx.fail(doc, (pid, "act"), f"act: '{policy['act']}' words the last day before a deletion, and "
                                            f"policy '{pid}' deletes nothing: leave it out")
            if policy is not None:  # None: its phases do not hold together (reported)
                result[pid] = policy
    return result


def days(ctx: Context, doc: Doc, path: tuple[Any, ...], value: Any) -> dict[str, int]:
    if isinstance(value, dict):
        if value["max"] < value["min"]:
            ctx.fail(doc, path + ("max",), f"{path[-1]}: max ({value['max']}) is below min ({value['min']})")
        return {"min": value["min"], "max": value["max"]}
    return {"min": value, "max": value}


def _policy(ctx: Context, doc: Doc, pid: str, m: dict[str, Any]) -> dict[str, Any] | None:
    begins = m["begins"]
    policy: dict[str, Any] = {
        "trigger": m["trigger"],
        "begins": dict(begins) if isinstance(begins, dict) else {"*": begins},
        "options": {key: {"billing": list(o["billing"]), "begins": o["begins"], "name": text(o["name"]),
                          "note": text(o["note"])} for key, o in m.get("options", {}).items()},
        "phases": [], "matrix": m.get("matrix"), "reactivation": None, "periods": [], "tariff_changes": [],
    }
    before = len(ctx.errors.problems)
    seen: dict[str, int] = {}
    for i, phase in enumerate(m["phases"]):
        path = (pid, "phases", i)
        state = phase["state"]
        if state in seen:
            ctx.fail(doc, path + ("state",), f"state '{state}' appears twice in policy '{pid}' "
                                             f"(first at line {doc.place((pid, 'phases', seen[state])).line})")
        origin = phase.get("from")
        if origin is not None and origin not in seen:
            ctx.fail(doc, path + ("from",), f"'from: {origin}' must name an earlier phase of policy '{pid}' "
                                            f"(earlier: {', '.join(seen) or 'none'})")
        seen.setdefault(state, i)
        policy["phases"].append({"state": state, "after": days(ctx, doc, path + ("after",), phase["after"]),
                                 "from": origin, "note": text(phase["note"])})
    if len(ctx.errors.problems) > before:
        return None  # what its services say of its states is not compared with phases that do not hold
    _check_order(ctx, doc, pid, policy["phases"])
    react = m.get("reactivation")
    if react is not None:
        money = react["min_topup"]
        known_currency(ctx, doc, (pid, "reactivation", "min_topup", "currency"), money["currency"])
        policy["reactivation"] = {"amount": amount(money["amount"]), "currency": money["currency"],
                                  "vat": money.get("vat"), "billing": list(react.get("billing", []))}
    has_range = any(p["after"]["min"] < p["after"]["max"] for p in policy["phases"])
    if m.get("matrix") is not None:
        ctx.places[("matrix", pid)] = doc.place((pid, "matrix"))
        known = set(seen) | {"running"}
        for i, cell in enumerate(m["matrix"]):
            if cell not in known:
                ctx.fail(doc, (pid, "matrix", i), f"matrix cell '{cell}' is not a state of policy '{pid}' "
                                                  f"(expected one of: {', '.join(sorted(known))})")
    elif has_range:
        ctx.fail_key(doc, (pid,), f"policy '{pid}' has a phase with a range of days, so it needs 'matrix': "
                                  f"the state to show in each column of its group's matrix")
    for i, period in enumerate(m.get("periods", [])):
        duration = period.get("duration")
        if isinstance(duration, dict) and "months" in duration:
            duration = {"months": duration["months"]}
        elif duration is not None:
            duration = days(ctx, doc, (pid, "periods", i, "duration"), duration)
        policy["periods"].append({"name": text(period["name"]), "duration": duration, "online": period["online"],
                                  "renewal": period["renewal"], "domain": period["domain"]})
    policy["tariff_changes"] = [list(pair) for pair in m.get("tariff_changes", [])]
    policy["todo"] = [text(t) for t in m.get("todo", [])]
    if m.get("act"):
        policy["act"] = m["act"]
    return policy


def _check_order(ctx: Context, doc: Doc, pid: str, phases: list[dict[str, Any]]) -> None:
    """Each phase begins after the one listed before it: the timelines, matrices and
    calculators show the phases in this order, so a phase that began earlier would be a wrong
    deadline on every page."""
    starts: dict[str, tuple[int, int]] = {}
    previous: tuple[str, tuple[int, int]] | None = None
    if any(phase["after"]["max"] < phase["after"]["min"] for phase in phases):
        return  # reported: a range upside down
    for i, phase in enumerate(phases):
        base = starts.get(phase["from"], (0, 0)) if phase["from"] else (0, 0)
        if phase["from"] and phase["from"] not in starts:
            return  # reported: 'from' names no earlier phase
        start = (base[0] + phase["after"]["min"], base[1] + phase["after"]["max"])
        # A range may begin as early as the phase before it (a domain's redemption period, for
        # some zones), never earlier, and must end later.
        if previous and not (start[0] >= previous[1][0] and start[1] > previous[1][1]):
            ctx.fail(doc, (pid, "phases", i, "after"),
                     f"phase '{phase['state']}' begins on day {_days_text(start)}, not after phase "
                     f"'{previous[0]}' (day {_days_text(previous[1])}): list the phases in the order they happen, "
                     f"each counted from the timeline's start or from the phase named in 'from'")
            return
        starts.setdefault(phase["state"], start)
        previous = (phase["state"], start)


def _days_text(start: tuple[int, int]) -> str:
    """Day numbers as readers count them: the first day is day 1."""
    return f"{start[0] + 1}" if start[0] == start[1] else f"{start[0] + 1}–{start[1] + 1}"


def _references_hold(ctx: Context, doc: Doc, pid: str, m: dict[str, Any], billing: dict[str, Any]) -> bool:
    """The states and billing kinds a policy names exist; a tariff change's source is worded."""
    before = len(ctx.errors.problems)
    def kinds(path: tuple[Any, ...], values: list[str]) -> None:
        for i, kind in enumerate(values):
            if kind not in ctx.known["billing"]:
                ctx.fail(doc, path + (i,), unknown_billing(kind, ctx.known["billing"]))

    if isinstance(m["begins"], dict):
        for kind in m["begins"]:
            if kind not in ctx.known["billing"]:
                ctx.fail_key(doc, (pid, "begins", kind), f"unknown billing kind '{kind}' in 'begins' "
                                                         f"(expected one of: {', '.join(sorted(ctx.known['billing']))})")
    for i, phase in enumerate(m["phases"]):
        if phase["state"] not in ctx.known["states"]:
            ctx.fail(doc, (pid, "phases", i, "state"), f"unknown state '{phase['state']}' "
                                                       f"(states are defined in kbdata/states.yaml)")
    for key, option in m.get("options", {}).items():
        kinds((pid, "options", key, "billing"), option["billing"])
    if "reactivation" in m:
        kinds((pid, "reactivation", "billing"), m["reactivation"].get("billing", []))
    for i, pair in enumerate(m.get("tariff_changes", [])):
        kinds((pid, "tariff_changes", i), pair)
        if pair[0] in billing and billing[pair[0]].get("name_from") is None:
            ctx.fail(doc, (pid, "tariff_changes", i, 0),
                     f"billing kind '{pair[0]}' needs name_from in billing.yaml (how a tariff change from it "
                     f"is worded: 'с месячного', 'z miesięcznego')")
    return len(ctx.errors.problems) == before


def unknown_billing(kind: str, billing: Any) -> str:
    return f"unknown billing kind '{kind}'{did_you_mean(kind, billing)} (expected one of: {', '.join(billing)})"
