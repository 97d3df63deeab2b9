"""One language's words: the UI strings of kbdata/strings/<lang>.yaml and its CLDR locale.

Used alike by the build-time renderers, the command line and the browser worker, so every
door words an answer the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Mapping

from .errors import StringError
from .model import Model


@dataclass(frozen=True, kw_only=True)
class Lang:
    """Everything a renderer needs to speak one language: model, strings, locale, today."""

    code: str
    model: Model
    strings: Mapping[str, str]
    today: str = ""  # ISO date treated as today (rates in force); the build's date at build time

    @classmethod
    def of(cls, model: Model, code: str, today: str = "") -> "Lang":
        return cls(code=code, model=model, strings=model.strings[code], today=today)

    def t(self, key: str, **params: Any) -> str:
        """A UI string from kbdata/strings/<lang>.yaml with {placeholders} filled."""
        text = self.strings[key]
        if not params:  # a template passed on as written (the print line's, filled by a script)
            return text
        try:
            return text.format(**params)
        except KeyError as exc:
            raise StringError(self.code, key, str(exc.args[0]), sorted(params)) from None
        except (IndexError, ValueError):
            raise StringError(self.code, key, "?", sorted(params)) from None

    def text(self, value: Mapping[str, str]) -> str:
        return value[self.code]

    def plural(self, key: str, n: int | Decimal) -> str:
        """'{n} дня' / '{n} dni': the CLDR plural category of n picks the form."""
        form = self.model.locales[self.code].plural(n)
        wording = self.strings.get(f"{key}.{form}") or self.strings[f"{key}.other"]
        return wording.format(n=self.number(n))

    def state_label(self, labels: Mapping[str, Mapping[str, str]], state: str) -> str:
        """A service's state as sentences and timelines word it: the matrix keeps the source's
        own words ("on"/"off" in Polish), text uses the language's (label_in_text.*)."""
        label = labels[self.code][state]
        return self.strings.get(f"label_in_text.{label}", label)

    def number(self, value: int | Decimal | str) -> str:
        return self.model.locales[self.code].number(value)

    def money(self, amount: Decimal | str, currency: str) -> str:
        return self.model.locales[self.code].money(amount, currency)

    def money_range(self, low: Decimal | str, high: Decimal | str, currency: str) -> str:
        return self.model.locales[self.code].money_range(low, high, currency)

    def number_range(self, low: int | Decimal | str, high: int | Decimal | str) -> str:
        return self.model.locales[self.code].number_range(low, high)

    def money_vat(self, amount: Decimal | str, currency: str, vat: str | None) -> str:
        """'12,99 zł netto (bez VAT)': money with what the source says about VAT, if anything."""
        text = self.money(amount, currency)
        return self.t(f"money.vat_{vat}", amount=text) if vat else text

    def date(self, value: str | date) -> str:
        """A date in running text: CLDR's long date, with the year mark a language adds in
        prose where CLDR has none ('28 października 2025 r.'; Russian's 'г.' is CLDR's own)."""
        return self.t("date.in_text", date=self.model.locales[self.code].date(value))
