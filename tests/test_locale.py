"""calculators.locale (stdlib, runs in Pyodide) must word everything exactly as Babel (CLDR) does,
but for what Babel lacks: CLDR's minimumGroupingDigits (Polish 8760, not 8 760) and whole
amounts without kopecks (ICU's trailingZeroDisplay "stripIfInteger"); ICU is the reference
there: tests/test_locale_icu.py."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from babel import Locale as BabelLocale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

LANGS = ("ru", "pl")

amounts = st.decimals(min_value=Decimal("0"), max_value=Decimal("10000000"), places=2, allow_nan=False)
hours = st.decimals(min_value=Decimal("0"), max_value=Decimal("100000"), places=3, allow_nan=False)
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
FOUR_DIGITS = re.compile(r"(?<![\d\xa0])(\d)\xa0(\d{3})(?![\d\xa0])")


def babel_with_cldr_grouping(text: str, lang: str) -> str:
    """Babel's output with CLDR's minimumGroupingDigits of 2 applied (Polish): four-digit
    integer parts are not grouped."""
    return FOUR_DIGITS.sub(r"\1\2", text) if lang == "pl" else text


@pytest.mark.parametrize("lang", LANGS)
@settings(max_examples=300, deadline=None)
@given(value=amounts)
def test_money_matches_babel(model, lang, value):
    for currency in ("RUB", "PLN"):
        babel = babel_with_cldr_grouping(format_currency(value, currency, locale=lang), lang)
        if value == value.to_integral_value():  # "2 500 ₽", not "2 500,00 ₽"
            babel = babel.replace(BabelLocale.parse(lang).number_symbols["latn"]["decimal"] + "00", "", 1)
        assert model.locales[lang].money(value, currency) == babel


@pytest.mark.parametrize("lang", LANGS)
@settings(max_examples=300, deadline=None)
@given(value=hours)
def test_numbers_match_babel(model, lang, value):
    assert model.locales[lang].number(value) == babel_with_cldr_grouping(format_decimal(value, locale=lang), lang)


@pytest.mark.parametrize("lang", LANGS)
@settings(max_examples=300, deadline=None)
@given(day=days)
def test_long_dates_match_babel(model, lang, day):
    assert model.locales[lang].date(day) == format_date(day, "long", locale=lang)


@pytest.mark.parametrize("lang", LANGS)
def test_plural_categories_match_cldr(model, lang):
    babel = BabelLocale.parse(lang).plural_form
    numbers = list(range(0, 250)) + [Decimal("0.5"), Decimal("1.5"), Decimal("2.5"), Decimal("10.0"),
                                     Decimal("21.25"), 1001, 1011, 1021, 1_000_000]
    for n in numbers:
        assert model.locales[lang].plural(n) == babel(n), n


def test_known_wordings(model):
    ru, pl = model.locales["ru"], model.locales["pl"]
    assert ru.date("2026-11-01") == "1 ноября 2026\u202fг."  # CLDR: narrow no-break space
    assert pl.date("2026-11-01") == "1 listopada 2026"
    assert pl.money("12.99", "PLN") == "12,99\xa0zł"
    assert ru.money("2500", "RUB") == "2\xa0500\xa0₽"
    assert ru.money("2500.5", "RUB") == "2\xa0500,50\xa0₽"
    assert ru.money_range("200000", "625000", "RUB") == "200\xa0000–625\xa0000\xa0₽"
    assert [ru.plural(n) for n in (1, 2, 5, 11, 21, 22)] == ["one", "few", "many", "many", "one", "few"]
    assert [pl.plural(n) for n in (1, 2, 5, 12, 22, 25)] == ["one", "few", "many", "many", "few", "many"]
