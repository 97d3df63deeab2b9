"""HTML and phrases for paid work, in one language: price tables, hours and prices in a
sentence, the norm-hour rate in force and the price formula (kbdata/prices.yaml)."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from calculators.model import Hours, Item
from calculators.pricing import per_hour, price
from calculators.words import Lang
from generator.rendering.markup import RenderError, _e, _lookup, _tag


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
            text += "<br>" + _e(L.t("cell.usually", range=L.number_range(*h.usually)))
    elif h.kind == "range":
        text = _e(L.number_range(h.min, h.max))
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
        return L.money_range(q["price"], q["price_max"], cur)
    if kind == "variants":
        return "; ".join(f"{L.money(v['price'], cur)} ({L.text(var.note)})"
                         for v, var in zip(q["variants"], item.hours.variants))
    if kind == "actual":  # by the time spent: what each of its norm-hours costs
        amount = L.money(per_hour(q), cur)
        return L.t("price.per_hour", amount=amount) if Decimal(q["k"]) == 1 else \
            L.t("price.per_hour_k", amount=amount, k=L.number(q["k"]))
    return L.t(f"price.{kind}")


def _price_cell(L: Lang, item: Item, q: dict) -> str:
    cur = q["currency"]
    if q["kind"] == "variants":
        return "<br>".join(_e(L.money(v["price"], cur)) for v in q["variants"])
    if q["kind"] == "from" and q["usually"]:
        return (_e(L.t("cell.from", n=L.money(q["price"], cur))) + "<br>"
                + _e(L.t("cell.usually", range=L.money_range(q["usually"]["price"], q["usually"]["price_max"], cur))))
    return _e(price_phrase(L, item, q))


def _item_table(L: Lang, items: Iterable[Item], *, numbered: bool, measure: str | None, anchor: str,
                marked: bool = False) -> str:
    items = list(items)
    hours_head = L.t(f"prices.hours_{measure}" if measure else "prices.hours")
    price_head = L.t("prices.price_sample" if current_rate(L).sample else "prices.price")
    heads = ([L.t("prices.number")] if numbered else []) + [L.t("prices.work") + ("*" if marked else "")]
    head = _tag("tr", "".join(_tag("th", _e(k), scope="col") for k in heads)
                + _tag("th", _e(hours_head), scope="col") + _tag("th", _e(price_head), scope="col"))
    rows = []
    quotes = [_quote(L, item) for item in items]  # one per item, for its cell and for the K note
    for item, q in zip(items, quotes):
        cells = (_tag("td", _e(item.number)) if numbered else "") + _tag("th", _e(L.text(item.name)), scope="row")
        cells += _tag("td", _hours_cell(L, item)) + _tag("td", _price_cell(L, item, q), class_="kb-money")
        rows.append(_tag("tr", cells, id=item.id))
    table = _tag("table", "<thead>" + head + "</thead><tbody>" + "".join(rows) + "</tbody>")
    return _tag("div", _tag("div", table, class_="kb-scroll") + rate_note(L) + _k_note(L, quotes)
                + _k_assumed_note(L, items), class_="kb-prices kb-cards", id=anchor, data_kb_prices="")


def _k_note(L: Lang, quotes: list[dict]) -> str:
    """A table of work with one K other than 1 says what its norm-hour costs: its prices are not
    the rate the note above states (review 3, N-4: 1 h = 1 500 under a 2 500 rate read as an error)."""
    quotes = [q for q in quotes if q.get("k") is not None]
    ks = {Decimal(q["k"]) for q in quotes}
    if len(ks) != 1 or ks == {Decimal(1)}:
        return ""
    q = quotes[0]
    return _tag("p", _e(L.t("prices.k_used", k=L.number(q["k"]), amount=L.money(per_hour(q), q["currency"]))),
                class_="kb-rate-note")


def _k_assumed_note(L: Lang, items: list[Item]) -> str:
    """Where the sources give no K for the work, the K used is said to be an assumption."""
    by_k: dict = {}
    for item in items:
        if item.k_assumed:
            by_k.setdefault(L.model.prices.coefficients[item.role], []).append(item)
    sentences = []
    for k, assumed in by_k.items():
        if len(assumed) == len(items) or not all(i.number for i in assumed):
            sentences.append(L.t("prices.k_assumed_all", k=L.number(k)))
        else:
            positions = [items.index(i) for i in assumed]
            run = positions == list(range(positions[0], positions[-1] + 1)) and len(assumed) > 2
            numbers = (f"{assumed[0].number}–{assumed[-1].number}" if run
                       else ", ".join(str(i.number) for i in assumed))
            sentences.append(L.t("prices.k_assumed_some", numbers=numbers, k=L.number(k)))
    return _tag("p", _e(" ".join(sentences)), class_="kb-rate-note kb-k-note") if sentences else ""


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


def rate_note(L: Lang, where: str = "table") -> str:
    """Which rate the prices use (under a table, or ``"page"``: for the page, where no price is
    shown yet); a sample rate and an announced change are said out loud."""
    if where not in ("table", "page"):
        raise RenderError(f"rate_note: where must be \"page\" or left out, got '{where}'")
    current = current_rate(L)
    cur = L.model.prices.currency
    key = "prices.rate_used" if where == "table" else "prices.rate_page"
    # A sample rate has no date it applies from: a date would present it as a real tariff.
    parts = [_e(L.t(f"{key}_sample", rate=L.money(current.amount, cur)) if current.sample
                else L.t(key, rate=L.money(current.amount, cur), date=L.date(current.effective)))]
    # What "sample" means is said once, at the top of the page (helpcentre.sample_notice): the
    # column heading and this sentence say it at every table a support link may land on.
    upcoming = L.model.prices.next_rate(L.today)
    if upcoming is not None:
        parts.append(_e(L.t("prices.next_rate", rate=L.money(upcoming.amount, cur), date=L.date(upcoming.effective))))
    return _tag("p", " ".join(parts), class_="kb-rate-note", data_kb_prices="")


def coefficient(L: Lang, role: str) -> str:
    k = _lookup("role", role, dict(L.model.prices.coefficients))
    return _e(L.number(k))  # type: ignore[arg-type]


def formula(L: Lang) -> str:
    """The price rule with the coefficient of every role."""
    items = "".join(_tag("li", _e(L.t("prices.k_for", k=L.number(k), who=L.text(L.model.prices.role_names[role]))))
                    for role, k in L.model.prices.coefficients.items())
    return _tag("div", _tag("p", _tag("strong", _e(L.t("prices.formula")))) + _tag("ul", items), class_="kb-formula")


def item_name(L: Lang, item_id: str) -> str:
    return _e(L.text(_item(L, item_id).name))


def item_clause(L: Lang, item_id: str) -> str:
    """The clause of the Regulations that describes a regulated service: '14'."""
    item = _item(L, item_id)
    if item.clause is None:
        raise RenderError(f"paid item '{item_id}' has no clause")
    return _e(str(item.clause))
