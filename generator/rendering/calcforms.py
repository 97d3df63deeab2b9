"""Calculator forms embedded in articles and service pages.

The form is plain HTML: labelled fields named as the shared request vocabulary (the URL's
query parameters, from ``calculators.api.FIELDS``), an answer area and the copy buttons.
The answer area starts with what is true whatever the reader types: the deadline
calculator's timeline in day numbers, or the price and balance answers for the inputs the
form shows (``data-key`` names them). assets/kb/calc/ makes it live and never shows an
answer for inputs other than those in the form.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Iterable

from calculators.api import DERIVED, FIELDS, FLAGS, param, run
from calculators.timeline import applicable_fields
from calculators.view import relative_view, view
from calculators.words import Lang
from generator.data.kb import active
from generator.rendering.markup import RenderError, _tag, esc
from generator.rendering.prices import current_rate


def view_html(shown: dict[str, Any]) -> str:
    """The answer area's content; assets/kb/calc/render.js builds the same structure from a view."""
    if not shown["ok"]:
        return _tag("p", esc(shown["error"]), class_="kb-calc__error")
    parts = [_tag("p", esc(shown["title"]), class_="kb-calc__title")]
    parts += [_tag("p", esc(line), class_="kb-calc__summary") for line in shown["summary"]]
    if shown["rows"]:
        head = "".join(_tag("th", esc(c), scope="col") for c in shown["columns"])
        body = "".join(_tag("tr", "".join(_tag("td", esc(cell)) for cell in row)) for row in shown["rows"])
        parts.append(_tag("div", _tag("table", _tag("thead", _tag("tr", head)) + _tag("tbody", body)),
                          class_="kb-scroll"))
    parts += [_tag("p", esc(line), class_="kb-calc__act") for line in shown["act"]]
    parts += [_tag("p", esc(note), class_="kb-calc__note") for note in shown["notes"]]
    return "".join(parts)


def url_fields(calc: str) -> list[str]:
    """The fields a reader fills in, by their URL names, in form order."""
    return [param(f) for f in FIELDS[calc] if f not in DERIVED]


def input_key(calc: str, values: dict[str, str]) -> str:
    """Which inputs an answer is for; calc/state.js computes the same key from the form."""
    return json.dumps([[name, values[name]] for name in url_fields(calc) if values.get(name)],
                      ensure_ascii=False, separators=(",", ":"))


def _field(L: Lang, cid: str, name: str, control: str, hint: str | None = None, label: str | None = None) -> str:
    """A labelled field with a hint and an (initially hidden) inline error, both announced:
    the control names them in aria-describedby (``_described``)."""
    label = _tag("label", esc(label or L.t(f"calc.field.{name.replace('-', '_')}")), for_=f"{cid}-{name}")
    hint_html = _tag("p", esc(hint), class_="kb-field__hint", id=f"{cid}-{name}-hint") if hint else ""
    error = _tag("p", "", class_="kb-field__error", id=f"{cid}-{name}-error", hidden="")
    control = control.replace(f'aria-describedby="{cid}-{name}-error"', _described(cid, name, bool(hint)), 1)
    return _tag("div", label + control + hint_html + error, class_="kb-field", data_field=name)


def _described(cid: str, name: str, hint: bool) -> str:
    ids = ([f"{cid}-{name}-hint"] if hint else []) + [f"{cid}-{name}-error"]
    return f'aria-describedby="{" ".join(ids)}"'


def _input(cid: str, name: str, value: str = "", kind: str = "text", **attrs: str | None) -> str:
    described = f"{cid}-{name}-error"  # and the hint, once _field knows there is one
    return _tag("input", "", type=kind, id=f"{cid}-{name}", name=name, value=value,
                aria_describedby=described, **attrs).replace("></input>", ">")


def _select(cid: str, name: str, options: Iterable[tuple[str, str, dict]], selected: str) -> str:
    opts = "".join(_tag("option", esc(label), value=value, selected="" if value == selected else None, **extra)
                   for value, label, extra in options)
    return _tag("select", opts, id=f"{cid}-{name}", name=name, aria_describedby=f"{cid}-{name}-error")


def _shell(L: Lang, calc: str, cid: str, fields: str, shown: dict[str, Any], key: str | None,
           scope: dict[str, Any] | None = None, response: dict[str, Any] | None = None,
           service: str | None = None) -> str:
    actions = (_tag("button", esc(L.t("calc.ui.copy_link")), type="button", class_="md-button", data_action="copy-link")
               + _tag("button", esc(L.t("calc.ui.copy_answer")), type="button", class_="md-button",
                      data_action="copy-answer", aria_disabled="false" if key is not None else "true")
               + _tag("span", "", class_="kb-calc__status", role="status"))
    return _tag(
        "div",
        _tag("form", fields, class_="kb-calc__form", novalidate="", aria_label=L.t(f"calc.ui.title_{calc}"))
        # Not a live region: a screen reader would read the whole table at every answer.
        # The answer is said in one sentence by .kb-calc__said (assets/kb/calc/render.js).
        + _tag("div", view_html(shown), class_="kb-calc__result",
               data_state="static", data_text=shown["text"], data_key=key,
               data_result=json.dumps(response, ensure_ascii=False) if response else None,
               data_service=service)  # the service of a day-number timeline
        + _tag("div", actions, class_="kb-calc__actions")
        + _tag("p", "", class_="kb-calc__said kb-sr-only", role="status")
        + _tag("p", esc(L.t("calc.ui.static_note")), class_="kb-calc__static-note"),
        class_="kb-calc", id=cid, data_calc=calc, data_lang=L.code,
        data_fields=" ".join(url_fields(calc)),
        data_flags=" ".join(param(f) for f in FLAGS if f in FIELDS[calc]) or None,
        data_scope=json.dumps(scope, separators=(",", ":")) if scope else None,
        data_runtime=active().runtime.calc, data_pyodide=active().runtime.pyodide, data_kbdata=active().runtime.kbdata,
        data_msg_save_data=L.t("calc.ui.save_data", size=L.t("calc.ui.megabytes", n=L.number(
            round(Decimal(active().runtime.bytes) / 1_000_000, 1)))),
        data_msg_start=L.t("calc.ui.start"), data_msg_outdated=L.t("calc.ui.outdated"),
        # the download's progress (assets/kb/calc/render.js): served bytes, decoded bytes the worker counts
        data_bytes=str(active().runtime.bytes), data_counted=str(active().runtime.counted),
        data_msg_loading=L.t("calc.ui.loading"), data_msg_megabytes=L.t("calc.ui.megabytes"),
        data_msg_progress=L.t("calc.ui.progress"), data_msg_starting=L.t("calc.ui.starting"),
        data_msg_retry=L.t("calc.ui.retry"),
        data_msg_reload=L.t("calc.ui.reload"),
        data_msg_unavailable=L.t("calc.ui.unavailable"), data_msg_copied=L.t("calc.ui.copied"),
        data_msg_copy_failed=L.t("calc.ui.copy_failed"), data_msg_pending=L.t("calc.ui.pending"),
        data_msg_pending_answer=L.t("calc.ui.pending_answer"), data_msg_copy_wait=L.t("calc.ui.copy_wait"),
    )


def offered(L: Lang, service_id: str | None, groups: Iterable[str]):
    model = L.model
    if service_id:
        if model.service(service_id) is None:
            raise RenderError(f"unknown service '{service_id}'")
        return [model.service(service_id)]
    groups = list(groups)
    known = {g.id for g in model.groups}
    for group in groups:
        if group not in known:
            raise RenderError(f"unknown service group '{group}' (known: {', '.join(sorted(known))})")
    return [s for s in model.services if not groups or s.group in groups]


EVENT_WORDS = {"funds-exhausted": "", "contract-end": "_contract", "deactivated": "_deactivated",
               "server-off": "_server_off"}  # trigger -> the suffix of its strings calc.field.event*, calc.ui.event_hint*


def deadline_calculator(L: Lang, service_id: str | None = None, *, groups: Iterable[str] = ()) -> str:
    """When is a service switched off, archived, deleted: for the reader's own dates.

    It offers one service, or the services of ``groups`` (an article's ``kb_services``), and
    for each only the fields that apply to it (``applicable_fields``, per billing kind).
    """
    model = L.model
    services = offered(L, service_id, groups)
    chosen = services[0]
    cid = "calc-timeline"
    options = []
    # A service page's calculator is about that service only: listing the whole catalog on
    # every service page would make each page, and the build, grow with the catalog.
    for s in services:
        applies = {kind or "": [param(f) for f in applicable_fields(model, s, kind)] for kind in (*s.billing, None)}
        # The date is named after what starts the count (assets/kb/calc/form.js follows the choice):
        # the SMS notifications count from their deactivation, not from the day funds ran out.
        suffix = EVENT_WORDS[model.policies[s.policy].trigger]
        options.append((s.id, L.text(s.name), {"data_fields": json.dumps(applies, separators=(",", ":")),
                                               "data_hint": L.t(f"calc.ui.event_hint{suffix}"),
                                               "data_label": L.t(f"calc.field.event{suffix}")}))
    kinds = [k for k in model.billing if any(k in s.billing for s in services)]
    billing = [("", L.t("calc.ui.billing_default"), {})] + [(k, L.text(model.billing[k]["name"]), {}) for k in kinds]
    first_hint, first_label = options[0][2]["data_hint"], options[0][2]["data_label"]
    licences_label = _tag("label", esc(L.t("calc.field.licenses")), for_=f"{cid}-licenses")
    fields = "".join([
        _field(L, cid, "service", _select(cid, "service", options, chosen.id)),
        # data-today: empty in a link or the form means "the reader's today" until cleared.
        _field(L, cid, "event", _input(cid, "event", "", "date", required="", data_today=""), first_hint, first_label),
        _field(L, cid, "billing", _select(cid, "billing", billing, "")),
        _field(L, cid, "period-end", _input(cid, "period-end", "", "date"), L.t("calc.ui.period_end_hint")),
        _tag("div", _input(cid, "licenses", "1", "checkbox") + licences_label
             + _tag("p", "", class_="kb-field__error", id=f"{cid}-licenses-error", hidden=""),
             class_="kb-field kb-field--check", data_field="licenses"),
    ])
    # Fields the first service does not use are hidden in the page itself, not only by the
    # script (assets/kb/calc/form.js shows them again for a service that uses them).
    default_fields = json.loads(options[0][2]["data_fields"])[""]
    unused = [name for name in ("billing", "period-end", "licenses") if name not in default_fields]
    for name in unused:
        fields = fields.replace(f'data-field="{name}">', f'data-field="{name}" hidden="">', 1)
    shown = relative_view(model, L.code, chosen.id)
    return _shell(L, "timeline", cid, fields, shown, None, {"service": [s.id for s in services]},
                  service=chosen.id)


def price_calculator(L: Lang, item_id: str = "design-template") -> str:
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
        _field(L, cid, "rate", _input(cid, "rate", "", "text", inputmode="decimal"),
               L.t("calc.ui.rate_hint", rate=L.money(current_rate(L).amount, model.prices.currency))),
    ])
    response = run(model, {"calc": "price", "item": item_id, "today": L.today})
    return _shell(L, "price", cid, fields, view(model, L.code, response), input_key("price", {"item": item_id}),
                  response=response)


def balance_calculator(L: Lang, balance: str = "20", stages: str = "8; 8; 8") -> str:
    """Do the prepaid norm-hours cover every stage of a request, and where would work pause?"""
    cid = "calc-balance"
    fields = "".join([
        _field(L, cid, "balance", _input(cid, "balance", balance, "text", inputmode="decimal")),
        # inputmode text: the decimal keypads of phones have no ";" to separate the stages.
        _field(L, cid, "stages", _input(cid, "stages", stages, "text"), L.t("calc.ui.stages_hint")),
    ])
    request = {"calc": "balance", "balance": balance, "stages": stages}
    response = run(L.model, request)
    return _shell(L, "balance", cid, fields, view(L.model, L.code, response),
                  input_key("balance", {"balance": balance, "stages": stages}), response=response)
