"""Locale formatting (CLDR through Babel) and the UI strings of one language.

Build time only: the browser gets the same strings and formats through its own door.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, Mapping

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from calculators.model import Model


@lru_cache(maxsize=None)
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


@dataclass(frozen=True, kw_only=True)
class Lang:
    """Everything a renderer needs to speak one language: model, strings, locale, today."""

    code: str
    model: Model
    strings: Mapping[str, str]
    today: str  # ISO date the build treats as today (rates in force, examples)

    def t(self, key: str, **params: Any) -> str:
        """A UI string from kbdata/strings/<lang>.yaml with {placeholders} filled."""
        text = self.strings[key]
        return text.format(**params) if params else text

    def text(self, value: Mapping[str, str]) -> str:
        return value[self.code]

    def plural(self, key: str, n: int | Decimal) -> str:
        """'{n} дня' / '{n} dni': the CLDR plural category of n picks the form."""
        form = _locale(self.code).plural_form(n)
        wording = self.strings.get(f"{key}.{form}") or self.strings[f"{key}.other"]
        return wording.format(n=self.number(n))

    def number(self, value: int | Decimal | str) -> str:
        return format_decimal(Decimal(str(value)), locale=self.code)

    def money(self, amount: Decimal | str, currency: str) -> str:
        return format_currency(Decimal(str(amount)), currency, locale=self.code)

    def date(self, value: str | date) -> str:
        day = date.fromisoformat(value) if isinstance(value, str) else value
        return format_date(day, "long", locale=self.code)
