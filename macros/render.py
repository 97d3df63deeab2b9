"""HTML for the data-driven parts of the KB, in one language.

Plain functions of (language context, ids) -> HTML string; the MkDocs adapter registers
them as macros. Every text from kbdata is escaped; every linkable row has a stable id.
"""

from __future__ import annotations

from html import escape
from typing import Callable, Iterable

from calculators.model import Days, Hours, Item, Policy, Service
from calculators.pricing import price
from calculators.timeline import matrix_cells
from calculators.view import day_text

from calculators.words import Lang

Href = Callable[[str], str]  # site path ("services/cloud-pro/") -> URL from the current page


class RenderError(ValueError):
    """A macro called with an id kbdata does not have: the build stops with this message."""


def _lookup(kind: str, key: str, table: dict) -> object:
    if key not in table:
        known = ", ".join(sorted(table)) or "none"
        raise RenderError(f"unknown {kind} '{key}' (known: {known})")
    return table[key]


def esc(text: object) -> str:
    return escape(str(text), quote=True)


_e = esc


def _tag(tag: str, content: str, /, **attrs: str | None) -> str:
    """<tag attr="value">content</tag>; attribute names: for_ -> for, data_x -> data-x."""
    rendered = "".join(f' {k.rstrip("_").replace("_", "-")}="{_e(v)}"'
                       for k, v in attrs.items() if v is not None)
    return f"<{tag}{rendered}>{content}</{tag}>"


def service_by_id(L: Lang, service_id: str) -> Service:
    return _lookup("service", service_id, L.model.services_by_id)  # type: ignore[return-value]


def policy_by_id(L: Lang, policy_id: str) -> Policy:
    return _lookup("policy", policy_id, L.model.policies)  # type: ignore[return-value]


# --- retention ---------------------------------------------------------------------------

def _column_headers(L: Lang, columns: tuple[int, ...]) -> list[str]:
    """Day buckets as every page counts days (day 1 = the event): '1–7', '8–17', 'from day 18'.

    A column starts on the day its phase begins: offset N is day N+1, and it runs to the day
    before the next column's first day.
    """
    heads = []
    for i, offset in enumerate(columns):
        first = offset + 1
        if i + 1 < len(columns):
            heads.append(L.t("matrix.days", min=L.number(first), max=L.number(columns[i + 1])))
        else:
            heads.append(L.t("matrix.from_day", n=L.number(first)))
    return heads


def _state_kind(L: Lang, state: str) -> str:
    return "available" if state == "running" else L.model.states[state]["kind"]


def retention_matrix(L: Lang, group_id: str, href: Href) -> str:
    group = _lookup("group", group_id, {g.id: g for g in L.model.groups})
    if not group.matrix:  # type: ignore[attr-defined]
        raise RenderError(f"group '{group_id}' has no retention matrix (matrix: false)")
    columns = group.columns  # type: ignore[attr-defined]
    heads = "".join(_tag("th", _e(h), scope="col") for h in _column_headers(L, columns))
    rows = []
    footnotes: list[str] = []
    for service in (s for s in L.model.services if s.group == group_id):
        policy = L.model.policies[service.policy]
        cells = ["running"] + matrix_cells(policy, columns)
        # Merge equal neighbours the way the source table does ("off" over 0/7 and 8/17).
        tds = []
        i = 1
        tds.append(_tag("td", _e(service.labels[L.code]["running"]), class_="kb-s-available"))
        while i < len(cells):
            span = 1
            while i + span < len(cells) and cells[i + span] == cells[i]:
                span += 1
            state = cells[i]
            tds.append(_tag("td", _e(service.labels[L.code][state]), class_=f"kb-s-{_state_kind(L, state)}",
                            colspan=str(span) if span > 1 else None))
            i += span
        name = _e(service.short[L.code] if service.parent else service.name[L.code])
        if service.footnote:
            if service.footnote not in footnotes:
                footnotes.append(service.footnote)
            name += "*" * (footnotes.index(service.footnote) + 1)
        link = _tag("a", name, href=href(f"services/{service.id}/"))
        prefix = '<span class="kb-sub" aria-hidden="true">∟ </span>' if service.parent else ""
        rows.append(_tag("tr", _tag("th", prefix + link, scope="row") + "".join(tds),
                         id=service.id, class_="kb-child" if service.parent else None))
    head = (
        "<thead>"
        + _tag("tr", _tag("th", _e(L.t("matrix.service")), rowspan="2", scope="col")
               + _tag("th", _e(L.t("matrix.sufficient")), rowspan="2", scope="col")
               + _tag("th", _e(L.t("matrix.insufficient")), colspan=str(len(columns)), scope="colgroup"))
        + _tag("tr", heads)
        + "</thead>"
    )
    notes = "".join(_tag("p", "*" * (i + 1) + " " + _e(L.t(f"footnote.{key}")), class_="kb-footnote")
                    for i, key in enumerate(footnotes))
    table = _tag("table", head + "<tbody>" + "".join(rows) + "</tbody>")
    counting = _tag("p", _e(L.t("matrix.counting")), class_="kb-counting")
    return _tag("div", _tag("div", table, class_="kb-scroll") + counting + notes + legend(L),
                class_="kb-matrix", id=f"matrix-{group_id}")


def legend(L: Lang) -> str:
    items = "".join(
        _tag("li", _tag("span", _e(L.t(f"legend.{kind}.name")), class_=f"kb-swatch kb-s-{kind}")
             + " " + _e(L.t(f"legend.{kind}.text")))
        for kind in ("available", "unavailable", "deleted"))
    return _tag("div", _tag("p", _e(L.t("legend.title")), class_="kb-legend-title") + _tag("ul", items),
                class_="kb-legend")


def day_span(L: Lang, days: Days) -> str:
    """When a phase begins, as a day number: offset N (the date D+N) is day N+1."""
    return day_text(L, *days.day_numbers())


def begins_text(L: Lang, service: Service) -> list[str]:
    """What 'day 0' of the timeline is, for each billing kind of the service."""
    policy = L.model.policies[service.policy]
    trigger = L.t(f"trigger.{policy.trigger}")
    lines = []
    kinds: Iterable[str | None] = service.billing or [None]
    for kind in kinds:
        rule = policy.begins_rule(kind)
        what = L.t(f"begins.{rule}", trigger=trigger)
        if kind and len(service.billing) > 1:
            what = L.t("begins.for_billing", billing=L.text(L.model.billing[kind]["name"]), what=what)
        lines.append(what)
    for option in policy.options:
        lines.append(L.t("begins.option", option=L.text(option.name), what=L.t(f"begins.{option.begins}",
                                                                                  trigger=trigger)))
    return list(dict.fromkeys(lines))


def service_timeline(L: Lang, service_id: str) -> str:
    service = service_by_id(L, service_id)
    policy = L.model.policies[service.policy]
    starts = policy.starts()
    rows = []
    for phase in policy.phases:
        kind = _state_kind(L, phase.state)
        rows.append(_tag("tr",
                         _tag("td", _e(service.labels[L.code][phase.state]), class_=f"kb-s-{kind}")
                         + _tag("td", _e(day_span(L, starts[phase.state])))
                         + _tag("td", _e(L.text(phase.note))),
                         id=f"{service.id}-{phase.state}"))
    head = _tag("tr", "".join(_tag("th", _e(L.t(k)), scope="col")
                              for k in ("timeline.state", "timeline.starts", "timeline.what")))
    day1 = "".join(_tag("li", _e(line)) for line in begins_text(L, service))
    intro = _tag("p", _e(L.t("timeline.day1"))) + _tag("ul", day1)
    table = _tag("div", _tag("table", "<thead>" + head + "</thead><tbody>" + "".join(rows) + "</tbody>"),
                 class_="kb-scroll")
    return _tag("div", intro + table, class_="kb-timeline", id=f"timeline-{service.id}")


def domain_periods(L: Lang, policy_id: str) -> str:
    policy = policy_by_id(L, policy_id)
    if not policy.periods:
        raise RenderError(f"policy '{policy_id}' has no periods")
    head = _tag("tr", "".join(_tag("th", _e(L.t(f"periods.{k}")), scope="col")
                              for k in ("period", "duration", "status", "renewal", "domain")))
    rows = []
    for period in policy.periods:
        duration = period.get("duration")
        if duration is None:
            length = "—"
        elif "months" in duration:
            length = L.plural("plural.months", duration["months"])
        else:
            length = L.t("periods.range", min=L.number(duration["min"]), max=L.number(duration["max"]))
        cells = [
            _tag("th", _e(L.text(period["name"])), scope="row"),
            _tag("td", _e(length)),
            _tag("td", _e(L.t("periods.online" if period["online"] else "periods.offline"))),
            _tag("td", _e(L.t("periods.renewal_yes" if period["renewal"] else "periods.renewal_no"))),
            _tag("td", _e(L.t(f"periods.domain_{period['domain'].replace('-', '_')}"))),
        ]
        rows.append(_tag("tr", "".join(cells)))
    return _tag("div", _tag("table", "<thead>" + head + "</thead><tbody>" + "".join(rows) + "</tbody>"),
                class_="kb-scroll")


def reactivation(L: Lang, policy_id: str) -> str:
    return _e(reactivation_text(L, policy_id))


def reactivation_text(L: Lang, policy_id: str) -> str:
    """The minimum top-up that reactivates the service: '12,99 zł netto (bez VAT)'."""
    policy = policy_by_id(L, policy_id)
    if policy.reactivation is None:
        raise RenderError(f"policy '{policy_id}' has no reactivation amount")
    react = policy.reactivation
    return L.money_vat(react.amount, react.currency, react.vat)


def tariff_changes(L: Lang, policy_id: str) -> str:
    policy = policy_by_id(L, policy_id)
    names = L.model.billing
    items = "".join(_tag("li", _e(L.t("tariff.change", old=L.text(names[a]["name"]), new=L.text(names[b]["name"]))))
                    for a, b in policy.tariff_changes)
    return _tag("ul", items)


def kb_list(L: Lang, list_id: str) -> str:
    entries = _lookup("list", list_id, dict(L.model.lists))

    def render(items: list) -> str:
        return _tag("ul", "".join(
            _tag("li", _e(L.text(i["text"])) + (render(i["items"]) if i.get("items") else ""))
            for i in items))
    return render(entries)  # type: ignore[arg-type]


# --- prices ------------------------------------------------------------------------------

def _quote(L: Lang, item: Item) -> dict:
    return price(L.model, {"item": item.id, "today": L.today})


def hours_phrase(L: Lang, hours: Hours) -> str:
    """Hours in a sentence: '20 нормо-часов', 'от 4 нормо-часов', 'от 1 до 6 нормо-часов'."""
    if hours.kind == "fixed":
        return L.plural("plural.hours", hours.min)
    if hours.kind == "from":
        text = L.plural("plural.hours_from", hours.min)
        if hours.usually:
            text += " " + L.t("hours.usually", min=L.number(hours.usually[0]), max=L.number(hours.usually[1]))
        return text
    if hours.kind == "range":
        return L.t("hours.range", min=L.number(hours.min),
                   hours=L.plural("plural.hours_to", hours.max))
    if hours.kind == "variants":
        return "; ".join(f"{L.plural('plural.hours', v.hours)} ({L.text(v.note)})" for v in hours.variants)
    return L.t(f"hours.{hours.kind}")


def _hours_cell(L: Lang, item: Item) -> str:
    h = item.hours
    if h.kind == "fixed":
        text = _e(L.number(h.min))
    elif h.kind == "from":
        text = _e(L.t("cell.from", n=L.number(h.min)))
        if h.usually:
            text += "<br>" + _e(L.t("cell.usually", min=L.number(h.usually[0]), max=L.number(h.usually[1])))
    elif h.kind == "range":
        text = _e(L.t("cell.range", min=L.number(h.min), max=L.number(h.max)))
    elif h.kind == "variants":
        text = "<br>".join(_e(f"{L.number(v.hours)} ({L.text(v.note)})") for v in h.variants)
    else:
        text = _e(L.t(f"hours.{h.kind}"))
    if item.note:
        text += "<br>" + _tag("small", _e(f"({L.text(item.note)})"))
    return text


def price_phrase(L: Lang, item: Item, q: dict | None = None) -> str:
    """The price of a paid item in a sentence ("от 120 000,00 ₽ (как правило, …)")."""
    q = q or _quote(L, item)
    cur = q["currency"]
    kind = q["kind"]
    if kind == "fixed":
        return L.money(q["price"], cur)
    if kind == "from":
        text = L.t("cell.from", n=L.money(q["price"], cur))
        if q["usually"]:
            text += " " + L.t("price.usually", min=L.money(q["usually"]["price"], cur),
                              max=L.money(q["usually"]["price_max"], cur))
        return text
    if kind == "range":
        return L.t("cell.range", min=L.money(q["price"], cur), max=L.money(q["price_max"], cur))
    if kind == "variants":
        return "; ".join(f"{L.money(v['price'], cur)} ({L.text(var.note)})"
                         for v, var in zip(q["variants"], item.hours.variants))
    return L.t(f"price.{kind}")


def _price_cell(L: Lang, item: Item) -> str:
    q = _quote(L, item)
    cur = q["currency"]
    if q["kind"] == "variants":
        return "<br>".join(_e(L.money(v["price"], cur)) for v in q["variants"])
    if q["kind"] == "from" and q["usually"]:
        return (_e(L.t("cell.from", n=L.money(q["price"], cur))) + "<br>"
                + _e(L.t("cell.usually", min=L.money(q["usually"]["price"], cur),
                         max=L.money(q["usually"]["price_max"], cur))))
    return _e(price_phrase(L, item, q))


def _item_table(L: Lang, items: Iterable[Item], *, numbered: bool, measure: str | None, anchor: str,
                marked: bool = False) -> str:
    hours_head = L.t(f"prices.hours_{measure}" if measure else "prices.hours")
    heads = ([L.t("prices.number")] if numbered else []) + [L.t("prices.work") + ("*" if marked else "")]
    head = _tag("tr", "".join(_tag("th", _e(k), scope="col") for k in heads)
                + _tag("th", _e(hours_head), scope="col") + _tag("th", _e(L.t("prices.price")), scope="col"))
    rows = []
    for item in items:
        cells = (_tag("td", _e(item.number)) if numbered else "") + _tag("th", _e(L.text(item.name)), scope="row")
        cells += _tag("td", _hours_cell(L, item)) + _tag("td", _price_cell(L, item), class_="kb-money")
        rows.append(_tag("tr", cells, id=item.id))
    table = _tag("table", "<thead>" + head + "</thead><tbody>" + "".join(rows) + "</tbody>")
    return _tag("div", _tag("div", table, class_="kb-scroll") + rate_note(L), class_="kb-prices", id=anchor)


def regulated_table(L: Lang) -> str:
    return _item_table(L, L.model.prices.regulated, numbered=True, measure=None, anchor="prices-regulated")


def price_table(L: Lang, table_id: str) -> str:
    table = _lookup("price table", table_id, {t.id: t for t in L.model.prices.tables})
    html = _item_table(L, table.items, numbered=False, measure=table.measure,  # type: ignore[attr-defined]
                       anchor=f"prices-{table_id}", marked=bool(table.footnote))  # type: ignore[attr-defined]
    if table.footnote:  # type: ignore[attr-defined]
        html += _tag("p", "* " + _e(L.t(f"footnote.{table.footnote}")), class_="kb-footnote")  # type: ignore[attr-defined]
    return html


def _item(L: Lang, item_id: str) -> Item:
    return _lookup("paid item", item_id, L.model.prices.items())  # type: ignore[return-value]


def item_hours(L: Lang, item_id: str) -> str:
    return _e(hours_phrase(L, _item(L, item_id).hours))


def item_price(L: Lang, item_id: str) -> str:
    return _e(price_phrase(L, _item(L, item_id)))


def current_rate(L: Lang):
    rate = L.model.prices.rate_on(L.today)
    if rate is None:
        raise RenderError(f"no norm-hour rate is in force on {L.today} (kbdata/prices.yaml: rates)")
    return rate


def rate(L: Lang) -> str:
    return _e(L.money(current_rate(L).amount, L.model.prices.currency))


def rate_note(L: Lang) -> str:
    """Which rate the prices use; a sample rate and an announced change are said out loud."""
    current = current_rate(L)
    cur = L.model.prices.currency
    # A sample rate has no date it applies from: a date would present it as a real tariff.
    parts = [_e(L.t("prices.rate_used_sample", rate=L.money(current.amount, cur)) if current.sample
                else L.t("prices.rate_used", rate=L.money(current.amount, cur), date=L.date(current.effective)))]
    if current.sample:
        parts.append(_tag("strong", _e(L.t("prices.sample"))))
    upcoming = L.model.prices.next_rate(L.today)
    if upcoming is not None:
        parts.append(_e(L.t("prices.next_rate", rate=L.money(upcoming.amount, cur), date=L.date(upcoming.effective))))
    return _tag("p", " ".join(parts), class_="kb-rate-note")


def coefficient(L: Lang, role: str) -> str:
    k = _lookup("role", role, dict(L.model.prices.coefficients))
    return _e(L.number(k))  # type: ignore[arg-type]


def formula(L: Lang) -> str:
    """The price rule with the coefficient of every role."""
    items = "".join(_tag("li", _e(L.t("prices.k_for", k=L.number(k), who=L.text(L.model.prices.role_names[role]))))
                    for role, k in L.model.prices.coefficients.items())
    return _tag("div", _tag("p", _tag("strong", _e(L.t("prices.formula")))) + _tag("ul", items), class_="kb-formula")


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


def service_link(L: Lang, service_id: str, href: Href) -> str:
    """A link to the service's own page, named as the service."""
    service = service_by_id(L, service_id)
    return _tag("a", _e(L.text(service.name)), href=href(f"services/{service.id}/"))


def item_name(L: Lang, item_id: str) -> str:
    return _e(L.text(_item(L, item_id).name))


def item_clause(L: Lang, item_id: str) -> str:
    """The clause of the Regulations that describes a regulated service: '14'."""
    item = _item(L, item_id)
    if item.clause is None:
        raise RenderError(f"paid item '{item_id}' has no clause")
    return _e(str(item.clause))


def service_index(L: Lang, href: Href, heading: str = "h3") -> str:
    """Every service with a link to its page, by group (home page, services page)."""
    html = []
    for group in L.model.groups:
        items = "".join(_tag("li", _tag("a", _e(L.text(s.name)), href=href(f"services/{s.id}/")))
                        for s in L.model.services if s.group == group.id)
        html.append(_tag(heading, _e(L.text(group.name)), id=f"services-{group.id}")
                    + _tag("ul", items, class_="kb-columns"))
    return "\n".join(html)
