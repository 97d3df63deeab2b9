"""Calculator forms embedded in articles, with the answer for the default inputs computed at
build time by the same Python the browser runs later.

The form is plain HTML: labelled fields named as the shared request vocabulary (the URL's
query parameters), an answer area, and the copy buttons. Without JavaScript, or before
Pyodide is ready, the reader sees the build-time answer; assets/kb/calc.js makes it live.
"""

from __future__ import annotations

from typing import Any, Iterable

from calculators.api import run
from calculators.view import view
from calculators.words import Lang

from .render import Href, RenderError, _tag, esc
from .runtime import WHEEL, pyodide_version
from .site import active


def view_html(shown: dict[str, Any]) -> str:
    """The answer area's content; assets/kb/calc.js builds the same structure from a view."""
    if not shown["ok"]:
        return _tag("p", esc(shown["error"]), class_="kb-calc__error")
    parts = [_tag("p", esc(shown["title"]), class_="kb-calc__title")]
    parts += [_tag("p", esc(line), class_="kb-calc__summary") for line in shown["summary"]]
    if shown["rows"]:
        head = "".join(_tag("th", esc(c), scope="col") for c in shown["columns"])
        body = "".join(_tag("tr", "".join(_tag("td", esc(cell)) for cell in row)) for row in shown["rows"])
        parts.append(_tag("div", _tag("table", _tag("thead", _tag("tr", head)) + _tag("tbody", body)),
                          class_="kb-scroll"))
    parts += [_tag("p", esc(note), class_="kb-calc__note") for note in shown["notes"]]
    return "".join(parts)


def _field(L: Lang, cid: str, name: str, control: str, hint: str | None = None) -> str:
    """A labelled field with a hint and an (initially hidden) inline error, both announced."""
    label = _tag("label", esc(L.t(f"calc.field.{name.replace('-', '_')}")), for_=f"{cid}-{name}")
    hint_html = _tag("p", esc(hint), class_="kb-field__hint", id=f"{cid}-{name}-hint") if hint else ""
    error = _tag("p", "", class_="kb-field__error", id=f"{cid}-{name}-error", hidden="")
    return _tag("div", label + control + hint_html + error, class_="kb-field", data_field=name)


def _input(cid: str, name: str, value: str = "", kind: str = "text", **attrs: str | None) -> str:
    described = f"{cid}-{name}-error"
    return _tag("input", "", type=kind, id=f"{cid}-{name}", name=name, value=value,
                aria_describedby=described, **attrs).replace("></input>", ">")


def _select(cid: str, name: str, options: Iterable[tuple[str, str, dict]], selected: str) -> str:
    opts = "".join(_tag("option", esc(label), value=value, selected="" if value == selected else None, **extra)
                   for value, label, extra in options)
    return _tag("select", opts, id=f"{cid}-{name}", name=name, aria_describedby=f"{cid}-{name}-error")


def _shell(L: Lang, href: Href, calc: str, cid: str, fields: str, request: dict[str, Any]) -> str:
    model = L.model
    shown = view(model, L.code, run(model, request))
    root = href("./") + "../"  # the site root, above the language folders
    actions = (_tag("button", esc(L.t("calc.ui.copy_link")), type="button", class_="md-button", data_action="copy-link")
               + _tag("button", esc(L.t("calc.ui.copy_answer")), type="button", class_="md-button",
                      data_action="copy-answer")
               + _tag("span", "", class_="kb-calc__status", role="status"))
    return _tag(
        "div",
        _tag("form", fields, class_="kb-calc__form", novalidate="", aria_label=L.t(f"calc.ui.title_{calc}"))
        + _tag("div", view_html(shown), class_="kb-calc__result", aria_live="polite",
               data_state="static", data_text=shown["text"])
        + _tag("div", actions, class_="kb-calc__actions")
        + _tag("p", esc(L.t("calc.ui.static_note")), class_="kb-calc__static-note"),
        class_="kb-calc", id=cid, data_calc=calc, data_lang=L.code, data_root=root,
        data_version=active().asset_version, data_pyodide=f"pyodide/{pyodide_version()}/",
        data_wheel=f"calc/{WHEEL}",
        data_msg_loading=L.t("calc.ui.loading"), data_msg_unavailable=L.t("calc.ui.unavailable"),
        data_msg_copied=L.t("calc.ui.copied"), data_msg_copy_failed=L.t("calc.ui.copy_failed"),
        data_msg_pending=L.t("calc.ui.pending"),
    )


def deadline_calculator(L: Lang, service_id: str | None = None, *, href: Href) -> str:
    """When is a service switched off, archived, deleted: for the reader's own dates."""
    model = L.model
    services = [s for s in model.services if s.id == service_id] if service_id else list(model.services)
    if service_id and not services:
        raise RenderError(f"unknown service '{service_id}'")
    chosen = services[0]
    cid = "calc-timeline"
    options = []
    # A service page's calculator is about that service only: listing the whole catalog on
    # every service page would make each page, and the build, grow with the catalog.
    for s in services:
        policy = model.policies[s.policy]
        licences = next((o for o in policy.options if o.id == "licenses"), None)
        options.append((s.id, L.text(s.name), {"data_billing": " ".join(s.billing),
                                               "data_licenses": " ".join(licences.billing) if licences else ""}))
    billing = [("", L.t("calc.ui.billing_default"), {})] + [
        (b, L.text(model.billing[b]["name"]), {}) for b in ("hourly", "monthly", "yearly")]
    licences_label = _tag("label", esc(L.t("calc.field.licenses")), for_=f"{cid}-licenses")
    fields = "".join([
        _field(L, cid, "service", _select(cid, "service", options, chosen.id)),
        _field(L, cid, "event", _input(cid, "event", L.today, "date", required=""), L.t("calc.ui.event_hint")),
        _field(L, cid, "billing", _select(cid, "billing", billing, chosen.billing[0] if chosen.billing else "")),
        _field(L, cid, "period-end", _input(cid, "period-end", "", "date"), L.t("calc.ui.period_end_hint")),
        _tag("div", _input(cid, "licenses", "1", "checkbox") + licences_label
             + _tag("p", "", class_="kb-field__error", id=f"{cid}-licenses-error", hidden=""),
             class_="kb-field kb-field--check", data_field="licenses"),
    ])
    request = {"calc": "timeline", "service": chosen.id, "event": L.today}
    if chosen.billing:
        request["billing"] = chosen.billing[0]
    return _shell(L, href, "timeline", cid, fields, request)


def price_calculator(L: Lang, item_id: str = "design-template", *, href: Href) -> str:
    """What a request costs: a price-list item, or norm-hours of a role; the KB's or a contract's rate."""
    model = L.model
    cid = "calc-price"
    items = [("", L.t("calc.ui.item_custom"), {})]
    for item in model.prices.regulated:
        items.append((item.id, f"{item.number} {L.text(item.name)}", {}))
    for table in model.prices.tables:
        items += [(i.id, L.text(i.name), {}) for i in table.items]
    roles = [(role, L.text(name), {}) for role, name in model.prices.role_names.items()]
    fields = "".join([
        _field(L, cid, "item", _select(cid, "item", items, item_id)),
        _field(L, cid, "hours", _input(cid, "hours", "", "text", inputmode="decimal")),
        _field(L, cid, "hours-max", _input(cid, "hours-max", "", "text", inputmode="decimal"),
               L.t("calc.ui.hours_max_hint")),
        _field(L, cid, "role", _select(cid, "role", roles, "developer")),
        _field(L, cid, "rate", _input(cid, "rate", "", "text", inputmode="decimal"), L.t("calc.ui.rate_hint")),
    ])
    return _shell(L, href, "price", cid, fields, {"calc": "price", "item": item_id, "today": L.today})


def balance_calculator(L: Lang, balance: str = "20", stages: str = "8,8,8", *, href: Href) -> str:
    """Do the prepaid norm-hours cover every stage of a request, and where would work pause?"""
    cid = "calc-balance"
    fields = "".join([
        _field(L, cid, "balance", _input(cid, "balance", balance, "text", inputmode="decimal")),
        _field(L, cid, "stages", _input(cid, "stages", stages, "text", inputmode="decimal"), L.t("calc.ui.stages_hint")),
    ])
    return _shell(L, href, "balance", cid, fields, {"calc": "balance", "balance": balance, "stages": stages})
