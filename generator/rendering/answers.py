"""The answer first: what a service page opens with, in one language, from kbdata alone. Its
phases in one line ("выключен — день 1, в архиве — день 8, удалён — день 18"), the last day to
act before anything is deleted (and, for an add-on, its base service's, when that goes first), and
"what to do now": the minimum top-up, the policy's own advice (`todo` in kbdata/retention/*.yaml,
from the sources), who to write to.
Articles call ``what_to_do`` for the services they are about."""

from __future__ import annotations

from typing import Iterable

from calculators.model import Service
from calculators.view import day_text
from calculators.words import Lang
from generator.rendering import retention
from generator.rendering.markup import _e, _tag

TODO_ID = "what-to-do"


def phases_line(L: Lang, service: Service) -> str:
    policy = L.model.policies[service.policy]
    starts = policy.starts()
    phases = [L.t("answer.phase", state=L.state_label(service.labels, p.state),
                  day=day_text(L, starts[p.state].min + 1, None if starts[p.state].exact else starts[p.state].max + 1))
              for p in policy.phases]
    return L.t("answer.phases", phases=", ".join(phases))


def deadline_line(L: Lang, service: Service) -> str | None:
    """The last day before the first irreversible phase, in the words of what starts the count
    (or of the policy's own action: `act` in kbdata/retention/*.yaml)."""
    policy = L.model.policies[service.policy]
    days = _deletion(L, service)
    if days is None:
        return None
    first, latest = days
    key = f"answer.keep.{policy.act or policy.trigger}" + ("" if first == latest else "_range")
    return L.t(key, last=L.number(first - 1), first=L.number(first), latest=L.number(latest))


def parent_line(L: Lang, service: Service) -> str | None:
    """An add-on's base service, when the base can be deleted first (Whois Privacy lives on
    its domain, which can be released from day 31): its last day, in the base's words."""
    if not service.parent:
        return None
    parent = L.model.service(service.parent)
    own, base = _deletion(L, service), _deletion(L, parent)
    if base is None or (own is not None and own[0] <= base[0]):
        return None
    first, latest = base
    return L.t("answer.parent" + ("" if first == latest else "_range"), parent=L.text(parent.name),
               last=L.number(first - 1), first=L.number(first), latest=L.number(latest))


def _deletion(L: Lang, service: Service) -> tuple[int, int] | None:
    """The first irreversible phase's earliest and latest day."""
    found = L.model.policies[service.policy].deletion(L.model.states)
    if found is None:
        return None
    _, start = found
    return start.min + 1, start.max + 1


def todo_items(L: Lang, services: Iterable[Service], support: dict | None) -> list[str]:
    """What to do now, as HTML list items: each piece of advice once, then who to write to. Of
    several services (an article's), each item names the ones it is for."""
    services = list(services)
    advice: dict[str, list[str]] = {}
    for service in services:
        policy = L.model.policies[service.policy]
        first = [reactivation(L, service)] + ([parent_line(L, service)] if len(services) > 1 else [])
        for text in [text for text in first if text] + [L.text(t) for t in policy.todo]:  # the top-up first
            advice.setdefault(text, []).append(L.text(service.name))
    items = [_e(text) if len(services) == 1 else _tag("strong", _e(", ".join(names))) + ". " + _e(text)
             for text, names in advice.items()]
    if support:
        items.append(_e(L.t("answer.contact", link="\0")).replace(
            "\0", _tag("a", _e(L.t("answer.contact_link")), href="#contact-support")))
    return items


def reactivation(L: Lang, service: Service) -> str | None:
    """The minimum top-up that switches the service on again; a service billed in several ways
    says which of them it is for (review I7)."""
    policy = L.model.policies[service.policy]
    if not policy.reactivation or (policy.reactivation_billing and not set(policy.reactivation_billing) & set(service.billing)):
        return None
    amount = retention.reactivation_text(L, service.policy)
    scoped = [b for b in service.billing if b in (policy.reactivation_billing or ())]
    if policy.reactivation_billing and set(service.billing) - set(scoped):
        return L.t("service.reactivation_for", amount=amount,
                   billing=", ".join(L.text(L.model.billing[b]["name"]) for b in scoped))
    return L.t("service.reactivation", amount=amount)


def todo_block(L: Lang, items: list[str]) -> str:
    if not items:
        return ""
    return _tag("section", _tag("h2", _e(L.t("answer.todo")), id=TODO_ID)
                + _tag("ul", "".join(_tag("li", item) for item in items)), class_="kb-todo")


def service_answer(L: Lang, service: Service, support: dict | None) -> str:
    """The box a service page opens with."""
    # An add-on whose base goes first says the base's last day first: it is the one to act by.
    lines = [phases_line(L, service), parent_line(L, service), deadline_line(L, service)]
    lead = "".join(_tag("p", _e(line)) for line in lines if line)
    return _tag("div", lead, class_="kb-answer") + todo_block(L, todo_items(L, [service], support))
