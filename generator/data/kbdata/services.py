"""Services and their groups (kbdata/services.yaml): read into the model's form, and what the
schema cannot say checked: ids used once, the groups, policies, billing kinds and parents they
name, labels for exactly the states of their policy, the matrix columns."""

from __future__ import annotations

from typing import Any

from generator.data.kbdata.context import Context, text
from generator.data.kbdata.retention import unknown_billing
from generator.data.schema import Doc
from generator.data.suggest import did_you_mean


def services(ctx: Context, policies: dict[str, Any] | None,
             billing: dict[str, Any] | None) -> tuple[list[Any], list[Any]] | None:
    doc = ctx.read(ctx.root / "services.yaml", "services")
    if doc is None:
        return None
    groups = _groups(ctx, doc)
    group_ids = [g["id"] for g in groups]
    result: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for i, m in enumerate(doc.value["services"]):
        sid = m["id"]
        if sid in seen:
            ctx.fail(doc, ("services", i, "id"), f"service id '{sid}' is used twice "
                                                 f"(first at {doc.place(('services', seen[sid], 'id'))})")
        service: dict[str, Any] = {
            "id": sid, "name": text(m["name"]), "short": text(m["short"]) if "short" in m else None,
            "group": m["group"], "policy": m["policy"], "billing": list(m.get("billing", [])),
            "parent": m.get("parent"), "footnote": m.get("footnote"),
            "labels": {lang: {state: words.strip() for state, words in m["labels"][lang].items()}
                       for lang in ctx.languages or m["labels"] if lang in m["labels"]}}
        path = ("services", i)
        if service["footnote"]:  # checked against the UI strings once they are read
            ctx.places.setdefault(("footnote", service["footnote"]), doc.place(path + ("footnote",)))
        if service["group"] not in group_ids:
            ctx.fail(doc, path + ("group",), f"service '{sid}' is in group '{service['group']}', which is not "
                                             f"defined (groups: {', '.join(sorted(group_ids))})"
                                             f"{did_you_mean(service['group'], group_ids)}")
        parent = service["parent"]
        if parent == sid:
            ctx.fail(doc, path + ("parent",), f"service '{sid}' cannot be its own parent")
        elif parent is not None and parent not in seen:
            ctx.fail(doc, path + ("parent",), f"parent '{parent}' must be a service listed above '{sid}'"
                                              f"{did_you_mean(parent, list(seen))}")
        elif parent is not None and result[seen[parent]]["group"] != service["group"] and \
                result[seen[parent]]["group"] in group_ids:  # (a misspelt group has had its message)
            ctx.fail(doc, path + ("parent",), f"parent '{parent}' is in group '{result[seen[parent]]['group']}', "
                                              f"'{sid}' in '{service['group']}': a sub-row is drawn under its "
                                              f"parent, in the same group")
        seen.setdefault(sid, i)
        if billing is not None:
            for j, kind in enumerate(service["billing"]):
                if kind not in ctx.known["billing"]:
                    ctx.fail(doc, path + ("billing", j), unknown_billing(kind, ctx.known["billing"]))
        if policies is not None:
            policy = policies.get(service["policy"])
            if service["policy"] not in ctx.known["policies"]:
                ctx.fail(doc, path + ("policy",), f"service '{sid}' points to policy '{service['policy']}', which "
                                                  f"no file in kbdata/retention/ defines"
                                                  f"{did_you_mean(service['policy'], policies)}")
            elif policy is not None:  # an invalid policy has had its message
                _check_policy(ctx, doc, path, service, policy)
        result.append(service)
    if policies is not None:
        _finish_groups(ctx, doc, groups, result, policies)
    return groups, result


def _groups(ctx: Context, doc: Doc) -> list[dict[str, Any]]:
    groups = []
    seen: set[str] = set()
    for i, m in enumerate(doc.value["groups"]):
        if m["id"] in seen:
            ctx.fail(doc, ("groups", i, "id"), f"group id '{m['id']}' is used twice")
        seen.add(m["id"])
        columns = m.get("columns")
        if columns is not None and columns != sorted(columns):
            ctx.fail(doc, ("groups", i, "columns"), f"columns must be in ascending order, got {columns}")
        groups.append({"id": m["id"], "name": text(m["name"]), "columns": columns, "matrix": m.get("matrix", True)})
    return groups


def _check_policy(ctx: Context, doc: Doc, path: tuple[Any, ...], service: dict[str, Any],
                  policy: dict[str, Any]) -> None:
    """A service's labels word exactly the states of its policy; its billing kinds say when the
    timeline begins."""
    sid, pid = service["id"], service["policy"]
    states = ["running"] + [p["state"] for p in policy["phases"]]
    for lang, per in service["labels"].items():
        for state in states:
            if state not in per:
                ctx.fail(doc, path + ("labels", lang), f"labels [{lang}] of service '{sid}' have no '{state}' "
                                                       f"(its policy '{pid}' needs: {', '.join(states)})")
        for key in per:
            if key not in states:
                ctx.fail_key(doc, path + ("labels", lang, key), f"label '{key}' is not a state of policy '{pid}' "
                                                                f"(expected: {', '.join(states)})")
    if "*" not in policy["begins"]:
        if not service["billing"]:
            ctx.fail(doc, path + ("policy",), f"policy '{pid}' says when the timeline begins per billing kind "
                                              f"({', '.join(policy['begins'])}), but service '{sid}' lists no 'billing'")
        for kind in service["billing"]:
            if kind not in policy["begins"]:
                ctx.fail(doc, path + ("policy",), f"policy '{pid}' does not say when the timeline begins "
                                                  f"for billing '{kind}' of service '{sid}'")


def _finish_groups(ctx: Context, doc: Doc, groups: list[Any], services: list[Any], policies: dict[str, Any]) -> None:
    """A group has services; its matrix columns are given, or are every day a phase of its
    services' policies begins; a policy's matrix has a cell per column."""
    for i, group in enumerate(groups):
        members = [s for s in services if s["group"] == group["id"]]
        if not members:
            ctx.fail(doc, ("groups", i), f"group '{group['id']}' has no services")
        if group["columns"] is None:
            found: set[int] = set()
            for s in members:
                policy = policies.get(s["policy"])
                if policy and policy["matrix"] is None and _complete(policy):
                    found.update(_start(policy, p["state"]) for p in policy["phases"])
            group["columns"] = sorted(found)
        for s in members:
            policy = policies.get(s["policy"])
            if policy and policy["matrix"] is not None and len(policy["matrix"]) != len(group["columns"]):
                ctx.errors.add(ctx.places[("matrix", s["policy"])], f"policy '{s['policy']}' has {len(policy['matrix'])} matrix "
                                                        f"cells but group '{group['id']}' has "
                                                        f"{len(group['columns'])} columns")


def _complete(policy: dict[str, Any]) -> bool:
    """Every phase counted from an earlier phase: its days can be added up."""
    earlier: set[str] = set()
    for phase in policy["phases"]:
        if phase["from"] and phase["from"] not in earlier:
            return False
        earlier.add(phase["state"])
    return True


def _start(policy: dict[str, Any], state: str) -> int:
    phase = next(p for p in policy["phases"] if p["state"] == state)
    return (_start(policy, phase["from"]) if phase["from"] else 0) + phase["after"]["min"]
