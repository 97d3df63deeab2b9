"""Locale formatting from CLDR data, standard library only.

The build exports the CLDR data of each KB language from Babel into kbdata.json
(``locale``: month names, the long date pattern, number symbols, the currency pattern and
symbols, the plural rules). This module applies it, so the site, the command line and the
browser (Pyodide) word dates, numbers, money and plurals identically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any, Mapping

# --- CLDR plural rules ("v in 0 and i mod 10 in 2..4 and i mod 100 not in 12..14") ------------

_RELATION = re.compile(r"^\s*([nivwft])(?:\s+(?:mod|%)\s+(\d+))?\s*(not in|in|not within|within|is not|is|!=|=)\s*(.+?)\s*$")


def _operands(number: Decimal) -> dict[str, Decimal]:
    text = format(abs(number), "f")
    integer, _, fraction = text.partition(".")
    trimmed = fraction.rstrip("0")
    return {"n": abs(number), "i": Decimal(integer), "v": Decimal(len(fraction)),
            "w": Decimal(len(trimmed)), "f": Decimal(fraction or 0), "t": Decimal(trimmed or 0)}


def _relation(text: str, ops: Mapping[str, Decimal]) -> bool:
    match = _RELATION.match(text)
    if match is None:
        raise ValueError(f"unsupported plural rule relation: {text!r}")
    name, modulus, operator, ranges = match.groups()
    value = ops[name] % Decimal(modulus) if modulus else ops[name]
    integral = value == value.to_integral_value()
    hit = False
    for part in ranges.split(","):
        low, _, high = part.strip().partition("..")
        low_d, high_d = Decimal(low), Decimal(high or low)
        if operator in ("within", "not within"):
            hit = hit or low_d <= value <= high_d
        else:
            hit = hit or (integral and low_d <= value <= high_d)
    return not hit if operator in ("not in", "not within", "is not", "!=") else hit


def plural_category(rules: Mapping[str, str], number: int | Decimal) -> str:
    ops = _operands(Decimal(number))
    for category in ("zero", "one", "two", "few", "many"):
        rule = rules.get(category)
        if rule and any(all(_relation(rel, ops) for rel in alternative.split(" and "))
                        for alternative in rule.split(" or ")):
            return category
    return "other"


# --- numbers, money, dates ------------------------------------------------------------

def _group(digits: str, separator: str, minimum: int = 1) -> str:
    """Thousands separated, unless the number is too short for the language (CLDR's
    minimumGroupingDigits: with 2, four digits stay together)."""
    if len(digits) < 3 + minimum:
        return digits
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return separator.join(parts)


@dataclass(frozen=True, kw_only=True)
class Locale:
    """One language's CLDR data, as exported by the build (see generator/data/cldr.py)."""

    code: str
    months: tuple[str, ...]  # genitive ("format") wide month names, January first
    date_long: str  # CLDR pattern, e.g. "d MMMM y 'г'."
    decimal: str
    group: str
    min_grouping: int  # CLDR minimumGroupingDigits
    minus: str
    range: str  # CLDR number range pattern, e.g. "{0}–{1}"
    currency_pattern: str  # e.g. "#,##0.00\xa0¤"
    currency_symbols: Mapping[str, str]
    plural_rules: Mapping[str, str]

    @classmethod
    def from_dict(cls, code: str, data: Mapping[str, Any]) -> "Locale":
        return cls(code=code, months=tuple(data["months"]), date_long=data["date_long"],
                   decimal=data["decimal"], group=data["group"], min_grouping=data["min_grouping"],
                   minus=data["minus"], range=data["range"],
                   currency_pattern=data["currency_pattern"], currency_symbols=data["currency_symbols"],
                   plural_rules=data["plural_rules"])

    def plural(self, number: int | Decimal) -> str:
        return plural_category(self.plural_rules, number)

    def _digits(self, value: Decimal, min_fraction: int, max_fraction: int, rounding: str) -> str:
        quantum = Decimal(1).scaleb(-max_fraction)
        value = value.quantize(quantum, rounding=rounding)
        sign = self.minus if value < 0 else ""
        integer, _, fraction = format(abs(value), "f").partition(".")
        fraction = fraction.rstrip("0")
        fraction = fraction + "0" * (min_fraction - len(fraction))
        text = _group(integer, self.group, self.min_grouping)
        return sign + (text + self.decimal + fraction if fraction else text)

    def number(self, value: int | Decimal | str) -> str:
        """A decimal the way CLDR's standard pattern (#,##0.###) writes it: '2,5', '8 760' (ru), '8760' (pl)."""
        return self._digits(Decimal(str(value)), 0, 3, ROUND_HALF_EVEN)

    def money(self, amount: Decimal | str, currency: str) -> str:
        """'50 000 ₽', '12,99 zł': kopecks and grosze only when there are any (ICU's
        trailingZeroDisplay "stripIfInteger"), the currency's local symbol or its code."""
        return self._currency(self._money_digits(amount), currency)

    def money_range(self, low: Decimal | str, high: Decimal | str, currency: str) -> str:
        """'200 000–625 000 ₽': one currency sign for both ends, as ICU's formatRange writes it."""
        digits = self.range.replace("{0}", self._money_digits(low)).replace("{1}", self._money_digits(high))
        return self._currency(digits, currency)

    def number_range(self, low: int | Decimal | str, high: int | Decimal | str) -> str:
        """'80–250'."""
        return self.range.replace("{0}", self.number(low)).replace("{1}", self.number(high))

    def _money_digits(self, amount: Decimal | str) -> str:
        value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        whole = value == value.to_integral_value()
        return self._digits(value, 0 if whole else 2, 0 if whole else 2, ROUND_HALF_UP)

    def _currency(self, digits: str, currency: str) -> str:
        symbol = self.currency_symbols.get(currency, currency)
        number_part = re.search(r"[#0,.]+", self.currency_pattern).group(0)
        return self.currency_pattern.replace(number_part, digits, 1).replace("¤", symbol)

    def date(self, value: date | str) -> str:
        """The long CLDR date: '1 ноября 2026 г.', '1 listopada 2026'."""
        day = date.fromisoformat(value) if isinstance(value, str) else value
        out = []
        for token in re.findall(r"'[^']*'|d+|M+|y+|[^dMy']+", self.date_long):
            if token.startswith("'"):
                out.append(token[1:-1] or "'")
            elif token[0] == "d":
                out.append(f"{day.day:0{len(token)}d}")
            elif token[0] == "M":
                out.append(self.months[day.month - 1] if len(token) >= 3 else f"{day.month:0{len(token)}d}")
            elif token[0] == "y":
                out.append(f"{day.year:04d}" if len(token) == 4 else str(day.year))
            else:
                out.append(token)
        return "".join(out)
