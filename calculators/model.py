"""The validated knowledge base as frozen dataclasses.

Built from the JSON form that the build-time loader produces (``generator.data.kbdata``) and that
the browser receives as ``kbdata.json``, so CPython and Pyodide start from the same data.
Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any, Mapping

from .locale import Locale

Text = Mapping[str, str]  # language -> text


@dataclass(frozen=True, kw_only=True)
class Days:
    """An offset in days: exact (min == max) or a range the source gives as "A to B"."""

    min: int
    max: int

    @property
    def exact(self) -> bool:
        return self.min == self.max

    def day_numbers(self) -> tuple[int, int | None]:
        """As readers count: the event is day 1, so an offset of N days is day N+1 (None: exact)."""
        return self.min + 1, None if self.exact else self.max + 1

    def __add__(self, other: "Days") -> "Days":
        return Days(min=self.min + other.min, max=self.max + other.max)


@dataclass(frozen=True, kw_only=True)
class Phase:
    state: str
    after: Days
    after_phase: str | None  # None: counted from the day the timeline begins
    note: Text


@dataclass(frozen=True, kw_only=True)
class Option:
    id: str
    billing: tuple[str, ...]
    begins: str
    name: Text
    note: Text


@dataclass(frozen=True, kw_only=True)
class Money:
    amount: Decimal
    currency: str
    vat: str | None = None


@dataclass(frozen=True, kw_only=True)
class Policy:
    id: str
    trigger: str
    begins: Mapping[str, str]  # billing kind (or "*") -> rule
    options: tuple[Option, ...]
    phases: tuple[Phase, ...]
    matrix: tuple[str, ...] | None
    reactivation: Money | None
    reactivation_billing: tuple[str, ...]
    periods: tuple[Mapping[str, Any], ...]
    tariff_changes: tuple[tuple[str, str], ...]
    todo: tuple[Mapping[str, str], ...] = ()  # what the customer should do now, per language
    act: str | None = None  # the last day's action, when not the trigger's (strings: answer.keep.*, calc.act.*)

    def starts(self) -> dict[str, Days]:
        """Each phase's start, in days from the day the timeline begins."""
        result: dict[str, Days] = {}
        for phase in self.phases:
            base = result[phase.after_phase] if phase.after_phase else Days(min=0, max=0)
            result[phase.state] = base + phase.after
        return result

    def deletion(self, states: Mapping[str, Mapping[str, str]]) -> tuple[str, Days] | None:
        """The first irreversible phase (of the "deleted" kind) and its start, in days from the
        day the timeline begins; None when nothing is deleted, or it begins on that first day
        (no day is left to act). The build's sentences and the calculator both ask this."""
        gone = next((p.state for p in self.phases if states[p.state]["kind"] == "deleted"), None)
        if gone is None:
            return None
        start = self.starts()[gone]
        return (gone, start) if start.min >= 1 else None

    def begins_rule(self, billing: str | None) -> str:
        if billing in self.begins:
            return self.begins[billing]
        return self.begins["*"]


@dataclass(frozen=True, kw_only=True)
class Service:
    id: str
    name: Text
    short: Text
    group: str
    billing: tuple[str, ...]
    policy: str
    parent: str | None
    footnote: str | None
    labels: Mapping[str, Mapping[str, str]]  # language -> state (or "running") -> label


@dataclass(frozen=True, kw_only=True)
class Group:
    id: str
    name: Text
    columns: tuple[int, ...]
    matrix: bool


@dataclass(frozen=True, kw_only=True)
class Hours:
    """Norm-hours of a paid item, in one of the forms of kbdata/prices.yaml."""

    kind: str  # fixed | from | range | actual | estimate | variants
    min: Decimal | None = None
    max: Decimal | None = None
    usually: tuple[Decimal, Decimal] | None = None
    variants: tuple["Variant", ...] = ()


@dataclass(frozen=True, kw_only=True)
class Variant:
    hours: Decimal
    note: Text


@dataclass(frozen=True, kw_only=True)
class Item:
    id: str
    name: Text
    role: str
    hours: Hours
    number: str | None = None
    clause: int | None = None
    note: Text | None = None
    k_assumed: bool = False  # the sources give no K for this work: pages say the K is assumed


@dataclass(frozen=True, kw_only=True)
class Table:
    id: str
    name: Text
    role: str
    footnote: str | None
    measure: str | None  # what the hours column holds: approximate | time | average
    items: tuple[Item, ...]


@dataclass(frozen=True, kw_only=True)
class Rate:
    amount: Decimal
    effective: str  # ISO date
    sample: bool


@dataclass(frozen=True, kw_only=True)
class Prices:
    currency: str
    rates: tuple[Rate, ...]  # sorted by effective date
    coefficients: Mapping[str, Decimal]
    role_names: Mapping[str, Text]
    regulated: tuple[Item, ...]
    tables: tuple[Table, ...]

    def rate_on(self, day: str) -> Rate | None:
        """The rate in force on an ISO date (the latest one effective on or before it)."""
        current = None
        for rate in self.rates:
            if rate.effective <= day:
                current = rate
        return current

    def next_rate(self, day: str) -> Rate | None:
        return next((r for r in self.rates if r.effective > day), None)

    def items(self) -> dict[str, Item]:
        """Every paid item by id (computed once: builds look items up for every page)."""
        return self._items

    @cached_property
    def _items(self) -> dict[str, Item]:
        found = {item.id: item for item in self.regulated}
        for table in self.tables:
            found.update((item.id, item) for item in table.items)
        return found


@dataclass(frozen=True, kw_only=True)
class Model:
    languages: tuple[str, ...]
    billing: Mapping[str, Mapping[str, Any]]
    states: Mapping[str, Mapping[str, Any]]
    policies: Mapping[str, Policy]
    groups: tuple[Group, ...]
    services: tuple[Service, ...]
    prices: Prices
    lists: Mapping[str, Any]
    strings: Mapping[str, Mapping[str, str]]  # language -> UI string key -> text
    locales: Mapping[str, Locale]

    def service(self, service_id: str) -> Service | None:
        return self.services_by_id.get(service_id)

    @cached_property
    def services_by_id(self) -> dict[str, Service]:
        return {s.id: s for s in self.services}


def _days(d: Mapping[str, int]) -> Days:
    return Days(min=int(d["min"]), max=int(d["max"]))


def _hours(d: Mapping[str, Any]) -> Hours:
    def dec(key: str) -> Decimal | None:
        return Decimal(d[key]) if d.get(key) is not None else None

    usually = d.get("usually")
    return Hours(
        kind=d["kind"], min=dec("min"), max=dec("max"),
        usually=(Decimal(usually[0]), Decimal(usually[1])) if usually else None,
        variants=tuple(Variant(hours=Decimal(v["hours"]), note=v["note"])
                       for v in d.get("variants", ())),
    )


def _item(d: Mapping[str, Any]) -> Item:
    return Item(id=d["id"], name=d["name"], role=d["role"], hours=_hours(d["hours"]),
                number=d.get("number"), clause=d.get("clause"), note=d.get("note"),
                k_assumed=bool(d.get("k_assumed")))


def _policy(pid: str, d: Mapping[str, Any]) -> Policy:
    react = d.get("reactivation")
    return Policy(
        id=pid, trigger=d["trigger"], begins=dict(d["begins"]),
        options=tuple(Option(id=k, billing=tuple(o["billing"]), begins=o["begins"],
                             name=o["name"], note=o["note"]) for k, o in d["options"].items()),
        phases=tuple(Phase(state=p["state"], after=_days(p["after"]),
                           after_phase=p.get("from"), note=p["note"]) for p in d["phases"]),
        matrix=tuple(d["matrix"]) if d.get("matrix") else None,
        reactivation=Money(amount=Decimal(react["amount"]), currency=react["currency"],
                           vat=react.get("vat")) if react else None,
        reactivation_billing=tuple(react.get("billing", ())) if react else (),
        periods=tuple(d.get("periods", ())),
        tariff_changes=tuple((a, b) for a, b in d.get("tariff_changes", ())),
        todo=tuple(d.get("todo", ())),
        act=d.get("act"),
    )


def from_dict(data: Mapping[str, Any]) -> Model:
    """Build the model from the validated JSON form (trusted: the loader checked it)."""
    p = data["prices"]
    prices = Prices(
        currency=p["currency"],
        rates=tuple(sorted((Rate(amount=Decimal(r["amount"]), effective=r["effective"],
                                 sample=bool(r.get("sample"))) for r in p["rates"]),
                           key=lambda r: r.effective)),
        coefficients={k: Decimal(v["k"]) for k, v in p["coefficients"].items()},
        role_names={k: v["name"] for k, v in p["coefficients"].items()},
        regulated=tuple(_item(i) for i in p["regulated"]),
        tables=tuple(Table(id=t["id"], name=t["name"], role=t["role"], footnote=t.get("footnote"),
                           measure=t.get("measure"),
                           items=tuple(_item(i) for i in t["items"])) for t in p["tables"]),
    )
    return Model(
        languages=tuple(data["languages"]),
        billing=data["billing"],
        states=data["states"],
        policies={pid: _policy(pid, d) for pid, d in data["policies"].items()},
        groups=tuple(Group(id=g["id"], name=g["name"], columns=tuple(g["columns"]),
                           matrix=g["matrix"]) for g in data["groups"]),
        services=tuple(Service(id=s["id"], name=s["name"], short=s.get("short") or s["name"],
                               group=s["group"], billing=tuple(s["billing"]), policy=s["policy"],
                               parent=s.get("parent"), footnote=s.get("footnote"),
                               labels=s["labels"]) for s in data["services"]),
        prices=prices,
        lists=data["lists"],
        strings=data.get("strings", {}),
        locales={lang: Locale.from_dict(lang, d) for lang, d in data.get("locale", {}).items()},
    )
