"""Export the CLDR data each KB language needs, from Babel, into the validated kbdata.

calculators.locale applies it with the standard library only, so the same words and
numbers come out of the build, the command line and the browser.
"""

from __future__ import annotations

from typing import Any, Iterable

from babel import Locale

# CLDR's minimumGroupingDigits, which Babel 2.18 does not carry: Polish writes 8760 and
# 2500,00 zł but 12 345 (tests/test_locale_icu.py checks every KB language against ICU).
MINIMUM_GROUPING_DIGITS = {"pl": 2, "es": 2, "pt-PT": 2, "lv": 3}

# CLDR's number range pattern (numbers/miscPatterns/range), which Babel does not carry either:
# "80–250", "200 000–625 000 ₽". Root's pattern serves every language listed here and most others.
RANGE_PATTERN = {"ru": "{0}–{1}", "pl": "{0}–{1}"}


def export(lang: str, currencies: Iterable[str]) -> dict[str, Any]:
    loc = Locale.parse(lang)
    symbols = loc.number_symbols["latn"]
    return {
        "months": [loc.months["format"]["wide"][m] for m in range(1, 13)],
        "date_long": loc.date_formats["long"].pattern,
        "decimal": symbols["decimal"],
        "group": symbols["group"],
        "min_grouping": MINIMUM_GROUPING_DIGITS.get(lang, 1),
        "minus": symbols["minusSign"],
        "range": RANGE_PATTERN.get(lang, "{0}–{1}"),
        "currency_pattern": loc.currency_formats["standard"].pattern.split(";")[0],
        "currency_symbols": {c: loc.currency_symbols.get(c, c) for c in sorted(set(currencies))},
        "plural_rules": dict(loc.plural_form.rules),
    }
