"""Macro output per language: structural checks written from the seeds, and normalized HTML
snapshots (tests/snapshots/) that make every other change to the output visible in review.

Refresh the snapshots after an intended change with:  UPDATE_SNAPSHOTS=1 make test-fast
then read the diff before committing it.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from calculators.words import Lang
from conftest import TODAY
from generator.rendering import markup, prices, render, retention
from generator.rendering.pages import href_from

SNAPSHOTS = Path(__file__).parent / "snapshots"
LANGS = ("ru", "pl")


@pytest.fixture(scope="module")
def langs(kbdata, model):
    return {code: Lang(code=code, model=model, strings=kbdata["strings"][code], today=TODAY) for code in LANGS}


class Table(HTMLParser):
    """Rows of cell texts (with colspan repeated), keyed by the row's id."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self.heads: list[str] = []
        self._row: str | None = None
        self._cell: list[str] | None = None
        self._span = 1

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "br" and self._cell is not None:
            self._cell.append(" ")
        elif tag == "tr":
            self._row = a.get("id") or f"_{len(self.rows)}"
            self.rows[self._row] = []
        elif tag in ("td", "th"):
            self._cell, self._span = [], int(a.get("colspan", 1))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            text = " ".join("".join(self._cell).replace("\xa0", " ").split())
            self.rows[self._row].extend([text] * self._span)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table(html: str) -> dict[str, list[str]]:
    parser = Table()
    parser.feed(html)
    return parser.rows


def normalize(html: str) -> str:
    """One tag per line, whitespace collapsed: stable and readable in a diff."""
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"(<(?:tr|li|p|div|table|thead|tbody|ul|h\d)[ >])", r"\n\1", html).strip() + "\n"


def check_snapshot(name: str, html: str) -> None:
    path = SNAPSHOTS / f"{name}.html"
    got = normalize(html)
    if os.environ.get("UPDATE_SNAPSHOTS") or not path.exists():
        if os.environ.get("CI") == "true" and not path.exists():
            pytest.fail(f"snapshot {path.name} is missing: run UPDATE_SNAPSHOTS=1 locally and review it")
        path.parent.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8"), f"{name} changed; review and UPDATE_SNAPSHOTS=1 if intended"


# --- what the seeds say, checked structurally ------------------------------------------------

def test_matrix_has_the_seed_day_columns_and_cloud_pro_states(langs):
    pl = table(retention.retention_matrix(langs["pl"], "fpl-usage", href_from("articles/x/")))
    heads = pl["_1"]
    # The seed's "0/7 | 8/17 | >17", counted as every page counts: day 1 is the event.
    assert heads == ["1–7", "8–17", "od 18. dnia"]
    assert pl["cloud-pro"] == ["Serwer Cloud PRO", "włączony", "wyłączony", "zarchiwizowany", "usunięty"]
    assert pl["cloud-vps"] == ["Serwer Cloud VPS", "włączony", "wyłączony", "wyłączony", "usunięty"]
    assert pl["load-balancer-sms"] == ["∟ Powiadomienia SMS", "aktywne", "dezaktywowane", "dezaktywowane",
                                       "dezaktywowane"]
    assert pl["license-mssql"][0] == "Licencja Microsoft SQL Server*"
    ru = table(retention.retention_matrix(langs["ru"], "fpl-usage", href_from("articles/x/")))
    assert ru["cloud-pro"] == ["Сервер Cloud PRO", "включён", "выключен", "в архиве", "удалён"]
    assert len(ru) == len(pl) == 2 + 25  # two header rows, 25 services of the seed's matrix


def test_yearly_matrix_shows_the_domain_periods(langs):
    pl = table(retention.retention_matrix(langs["pl"], "fpl-yearly", href_from("articles/x/")))
    assert pl["_1"] == ["1–30", "31–70", "od 71. dnia"]
    assert pl["domain"][1:] == ["aktywna", "dezaktywowana (Deactivation Period)",
                                "dezaktywowana (Redemption Period)", "usunięta"]
    assert pl["whois-privacy"][1:] == ["aktywna", "aktywna", "aktywna", "usunięta"]


def test_matrix_links_each_service_to_its_page(langs):
    html = retention.retention_matrix(langs["ru"], "fpl-usage", href_from("articles/funds-exhausted/"))
    assert '<a href="../../services/cloud-pro/">Сервер Cloud PRO</a>' in html


def test_service_timeline_days(langs):
    rows = table(retention.service_timeline(langs["ru"], "cloud-pro"))
    assert [rows[f"cloud-pro-{s}"][:2] for s in ("off", "archived", "deleted")] == [
        ["выключен", "день 1"], ["в архиве", "день 8"], ["удалён", "день 18"]]
    rows = table(retention.service_timeline(langs["pl"], "domain"))
    assert rows["domain-deleted"][1] == "między 31. a 71. dniem"


@pytest.mark.parametrize("lang, n, expected", [
    ("ru", 1, "1 день"), ("ru", 3, "3 дня"), ("ru", 17, "17 дней"), ("ru", 21, "21 день"),
    ("pl", 1, "1 dzień"), ("pl", 3, "3 dni"), ("pl", 17, "17 dni"), ("pl", 22, "22 dni"),
])
def test_day_plurals_follow_cldr(langs, lang, n, expected):
    assert langs[lang].plural("plural.days", n) == expected


def test_money_never_breaks_across_lines(langs):
    # CLDR formats put no-break spaces in "50 000 ₽": a phone never wraps a price.
    assert prices.item_price(langs["ru"], "design-template") == "50\xa0000\xa0₽"


def words(text: str) -> str:
    """Compare words, not the kind of space between them."""
    return text.replace("\xa0", " ")


def test_inline_facts(langs):
    ru, pl = langs["ru"], langs["pl"]
    assert words(render.days_after(ru, "cloud-pro", "deleted")) == "10 дней"
    assert words(render.days_total(pl, "domain", "deleted")) == "od 30 do 70 dni"
    assert words(prices.item_hours(ru, "design-template")) == "20 нормо-часов"
    assert words(prices.item_hours(ru, "implementation")) == "64 нормо-часа"
    assert words(prices.item_hours(pl, "implementation")) == "64 roboczogodziny"
    assert words(prices.item_hours(ru, "theme-setup")) == "от 2,5 нормо-часа"
    assert words(prices.item_price(ru, "design-template")) == "50 000 ₽"
    assert words(retention.reactivation(pl, "cloud-pro")) == "12,99 zł netto"  # netto: without VAT already
    assert prices.coefficient(pl, "content") == "0,6"
    assert words(render.renewal_hours(ru, "monthly")) == "730 часов"


def test_price_tables_compute_hours_times_k_times_rate(langs):
    rows = table(prices.price_table(langs["ru"], "content"))
    assert rows["theme-setup"][1:] == ["от 2,5", "от 3 750 ₽"]          # 2.5 x 0.6 x 2500
    assert rows["file-elements"][2] == "1 500 ₽ 3 000 ₽"              # 1 h and 2 h x 0.6 x 2500
    rows = table(prices.regulated_table(langs["pl"]))
    assert rows["implementation"][0] == "2.5"
    assert rows["implementation"][2:] == ["64", "160 000 RUB"]            # 64 x 1 x 2500


def test_sample_rate_is_announced_in_words_a_customer_understands(langs):
    """Language review I4, R2/P8: a sample rate says so at every table and, at the top of the
    page, points to the contract; no date presents it as a real tariff, and nothing speaks of
    "source materials"."""
    from generator.rendering import helpcentre
    for lang, words in (("pl", "przykładow"), ("ru", "условн")):
        note = prices.rate_note(langs[lang])
        top = helpcentre.sample_notice(langs[lang], note)
        assert words in note and ("umowa" in top or "договор" in top), (note, top)
        assert not any(w in note + top for w in ("źródłow", "исходн", "2025", "od ", " с 1")), note


def test_unknown_ids_stop_the_build_with_a_clear_message(langs):
    with pytest.raises(markup.RenderError, match="unknown service 'cloud-prо'"):
        retention.service_timeline(langs["ru"], "cloud-prо")
    # a letter from another alphabet that looks Latin is named, with the id meant
    with pytest.raises(markup.RenderError) as caught:
        retention.service_timeline(langs["ru"], "сloud-pro")
    assert str(caught.value) == ("unknown service 'сloud-pro' (it contains the Cyrillic letter 'с' (U+0441), which "
                                 "only looks like a Latin one; did you mean 'cloud-pro'?)")
    with pytest.raises(markup.RenderError, match=r"unknown price table 'integration' \(did you mean 'integrations'\?\)"):
        prices.price_table(langs["ru"], "integration")


# --- snapshots -------------------------------------------------------------------------------

SNAPSHOT_MACROS = {
    "matrix-fpl-usage": lambda L: retention.retention_matrix(L, "fpl-usage", href_from("articles/funds-exhausted/")),
    "matrix-fpl-yearly": lambda L: retention.retention_matrix(L, "fpl-yearly", href_from("articles/funds-exhausted/")),
    "timeline-cloud-pro": lambda L: retention.service_timeline(L, "cloud-pro"),
    "timeline-domain": lambda L: retention.service_timeline(L, "domain"),
    "domain-periods": lambda L: retention.domain_periods(L, "domain"),
    "regulated": prices.regulated_table,
    "prices-content": lambda L: prices.price_table(L, "content"),
    "prices-integrations": lambda L: prices.price_table(L, "integrations"),
    "list-server-3kl-losses": lambda L: render.kb_list(L, "server-3kl-losses"),
    "tariff-changes": lambda L: retention.tariff_changes(L, "cloud-pro"),
    "formula": prices.formula,
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(SNAPSHOT_MACROS))
def test_macro_snapshot(langs, name, lang):
    check_snapshot(f"{name}.{lang}", SNAPSHOT_MACROS[name](langs[lang]))


# --- the language review: assumptions said, dates in prose, the balance rule ------------------

def said_by(L, request: dict) -> str:
    """The answer's copied text, as every door (page, CLI, Pyodide) words it."""
    from calculators.browser import answer_with
    return answer_with(L.model, request, L.code)["view"]["text"]


def test_a_k_the_sources_do_not_give_is_called_an_assumption(langs):
    """DESIGN.md: where the source gives no K for a kind of work, the page says which K it assumes."""
    ru, pl = langs["ru"], langs["pl"]
    regulated = words(prices.regulated_table(ru))
    assert ("Для работ 2.2–2.9 коэффициент K = 1 принят условно; фактический коэффициент зависит от категории "
            "заявки (от того, какой специалист её выполняет).") in regulated
    assert "Współczynnik K = 1 dla tych prac przyjęto umownie" in words(prices.price_table(pl, "configuration"))
    for table in ("integrations", "refinements", "new-modules", "content"):  # K stated by the source
        assert "kb-k-note" not in prices.price_table(ru, table), table
    said = said_by(ru, {"calc": "price", "item": "prototype", "today": TODAY})
    assert "K = 1 (принят условно; фактический коэффициент зависит от категории заявки)" in said
    said = said_by(ru, {"calc": "price", "item": "otpay-gateway", "today": TODAY})
    assert "K = 1: доработка СЭО 3KL разработчиками" in said and "условно" not in said


def test_dates_in_text_carry_the_year_mark_each_language_writes(langs):
    assert langs["pl"].date("2025-10-28") == "28 października 2025 r."
    assert langs["ru"].date("2025-10-28") == "28 октября 2025\u202fг."


def test_a_balance_short_of_the_whole_request_states_the_undivided_rule(langs):
    short = said_by(langs["ru"], {"calc": "balance", "balance": "20", "stages": "8;8;8"})
    assert "работа начинается, только когда баланс покрывает всю заявку" in short
    enough = said_by(langs["ru"], {"calc": "balance", "balance": "30", "stages": "8;8;8"})
    assert "покрывает всю заявку" not in enough
