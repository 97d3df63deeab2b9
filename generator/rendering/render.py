"""HTML and phrases for the data-driven parts of prose, in one language: lists, days and
periods in a sentence, billing kinds, links to services and the services' index. Every text
from kbdata is escaped; every linkable row has a stable id.
"""

from __future__ import annotations

from calculators.model import Days
from calculators.words import Lang
from generator.rendering.markup import Href, RenderError, _e, _lookup, _tag
from generator.rendering.retention import policy_by_id, service_by_id


def kb_list(L: Lang, list_id: str) -> str:
    entries = _lookup("list", list_id, dict(L.model.lists))

    def render(items: list) -> str:
        return _tag("ul", "".join(
            _tag("li", _e(L.text(i["text"])) + (render(i["items"]) if i.get("items") else ""))
            for i in items))
    return render(entries)  # type: ignore[arg-type]


# --- inline facts for prose ------------------------------------------------------------

def _days_phrase(L: Lang, days: Days) -> str:
    if days.exact:
        return L.plural("plural.days", days.min)
    return L.t("days.range", min=L.number(days.min), days=L.plural("plural.days_to", days.max))


def _phase(L: Lang, policy_id: str, state: str):
    policy = policy_by_id(L, policy_id)
    phases = {p.state: p for p in policy.phases}
    return policy, _lookup(f"state of policy '{policy_id}'", state, phases)


def days_after(L: Lang, policy_id: str, state: str) -> str:
    """The phase's own delay as the source words it: '10 дней' (after the phase it counts from)."""
    _, phase = _phase(L, policy_id, state)
    return _e(_days_phrase(L, phase.after))


def days_total(L: Lang, policy_id: str, state: str) -> str:
    """Days from the start of the timeline to the phase: '17 дней', 'от 30 до 70 дней'."""
    policy, _ = _phase(L, policy_id, state)
    return _e(_days_phrase(L, policy.starts()[state]))


def _billing(L: Lang, billing_id: str) -> dict:
    return _lookup("billing kind", billing_id, dict(L.model.billing))  # type: ignore[return-value]


def billing_name(L: Lang, billing_id: str) -> str:
    return _e(L.text(_billing(L, billing_id)["name"]))


def renewal_hours(L: Lang, billing_id: str) -> str:
    """'730 часов' / '8760 godzin'."""
    hours = _billing(L, billing_id).get("renewal_hours")
    if not hours:
        raise RenderError(f"billing kind '{billing_id}' has no renewal_hours")
    return _e(L.plural("plural.clock_hours", hours))


def period_days(L: Lang, billing_id: str) -> str:
    """'30 дней'."""
    days = _billing(L, billing_id).get("period_days")
    if not days:
        raise RenderError(f"billing kind '{billing_id}' has no period_days")
    return _e(L.plural("plural.days", days))


def service_name(L: Lang, service_id: str) -> str:
    return _e(L.text(service_by_id(L, service_id).name))


def service_link(L: Lang, service_id: str, case: str = "", *, href: Href) -> str:
    """A link to the service's own page, named as the service; ``service_link("dns", "lower")``
    starts the name in lower case mid-sentence ("пакет Object Storage", "serwer Cloud PRO")."""
    if case not in ("", "lower"):
        raise RenderError(f"service_link: case must be \"lower\" or left out, got '{case}'")
    service = service_by_id(L, service_id)
    name = L.text(service.name)
    name = name[:1].lower() + name[1:] if case else name
    return _tag("a", _e(name), href=href(f"services/{service.id}/"))


def service_index(L: Lang, href: Href, heading: str = "h3") -> str:
    """Every service with a link to its page, by group (home page, services page)."""
    html = []
    for group in L.model.groups:
        items = "".join(_tag("li", _tag("a", _e(L.text(s.name)), href=href(f"services/{s.id}/")))
                        for s in L.model.services if s.group == group.id)
        html.append(_tag(heading, _e(L.text(group.name)), id=f"services-{group.id}")
                    + _tag("ul", items, class_="kb-columns"))
    return "\n".join(html)
