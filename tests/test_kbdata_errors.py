"""A KB author's typos: each broken variant of the sample kbdata must stop the load with a
message that names file:line:column and says what was expected and what was found.

Each case edits one file of a copy of kbdata; the expected line is where the edit put the
mistake (found by a needle in the edited text), the column and message are written here.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT
from generator.data.errors import KbdataError
from generator.data.kbdata import load


@dataclass(frozen=True)
class Case:
    id: str
    file: str
    old: str
    new: str
    needle: str  # text on the line the error must point at (first occurrence after the edit)
    column: int
    message: str  # ending in "…": the report line starts with it


def line_of(text: str, needle: str) -> int:
    index = text.index(needle)
    return text.count("\n", 0, index) + 1


CASES = [
    Case("duplicate-key", "services.yaml", "    policy: cloud-pro\n", "    policy: cloud-pro\n    policy: monthly-off\n",
         "policy: monthly-off", 5, "duplicate key 'policy' (first defined at line {line_before})"),
    Case("unknown-policy", "services.yaml", "policy: monthly-off\n", "policy: monthly-of\n",
         "policy: monthly-of", 13,
         "service 'cloud-vps' points to policy 'monthly-of', which no file in kbdata/retention/ defines (did you mean 'monthly-off'?)"),
    Case("text-in-one-language", "services.yaml", "name: {ru: Сервер Cloud VPS, pl: Serwer Cloud VPS}",
         "name: {ru: Сервер Cloud VPS}", "name: {ru: Сервер Cloud VPS}", 11,
         "name has no 'pl' text (present: ru); every text must exist in every language"),
    Case("unknown-language", "services.yaml", "name: {ru: Сервер Cloud VPS, pl: Serwer Cloud VPS}",
         "name: {ru: Сервер Cloud VPS, pl: Serwer Cloud VPS, de: Cloud-VPS-Server}", "de: Cloud-VPS", 56,
         "unknown language 'de' in name (the KB's languages are ru, pl)"),
    Case("negative-days", "retention/fpl.yaml", "    - state: archived\n      after: 7\n",
         "    - state: archived\n      after: -3\n", "after: -3", 14,
         "after must be at least 0, got -3"),
    Case("fractional-days", "retention/fpl.yaml", "    - state: archived\n      after: 7\n",
         "    - state: archived\n      after: 7.5\n", "after: 7.5", 14,
         "after must be a whole number, got 7.5"),
    Case("range-upside-down", "retention/fpl.yaml", "after: {min: 30, max: 70}\n      note:\n        ru: >-\n          Домен",
         "after: {min: 70, max: 30}\n      note:\n        ru: >-\n          Домен", "max: 30}", 29,
         "after: max (30) is below min (70)"),
    Case("impossible-date", "prices.yaml", "effective: 2025-07-19", "effective: 2025-02-30",
         "effective: 2025-02-30", 16, "effective must be a real date written YYYY-MM-DD, e.g. 2025-07-19; got 2025-02-30"),
    Case("hours-upper-below-lower", "prices.yaml", "hours: {from: 1, to: 6}", "hours: {from: 6, to: 1}",
         "hours: {from: 6, to: 1}", 30, "hours: 'to' (1) is below 'from' (6)"),
    Case("usual-range-upside-down", "prices.yaml", "        hours: {from: 48, usually: {from: 80, to: 250}}\n",
         "        hours: {from: 48, usually: {from: 250, to: 80}}\n", "usually: {from: 250", 52, "usually: 'to' (80) is below 'from' (250)"),
    Case("unknown-field", "services.yaml", "    policy: monthly-off\n", "    policy: monthly-off\n    colour: red\n",
         "colour: red", 5, "unknown field 'colour' in a service (expected one of: billing, footnote, group, "
                           "id, labels, name, parent, policy, short)"),
    Case("missing-field", "services.yaml", "    group: fpl-usage\n    billing: [monthly]\n    policy: monthly-off\n",
         "    billing: [monthly]\n    policy: monthly-off\n", "- id: cloud-vps", 5,
         "a service is missing the field 'group'"),
    Case("id-not-a-slug", "services.yaml", "id: cloud-vps", "id: Cloud_VPS", "id: Cloud_VPS", 9,
         "id must be a lower-case ASCII slug like 'cloud-pro': letters a-z, digits and single hyphens; got Cloud_VPS"),
    Case("duplicate-service-id", "services.yaml", "id: dbaas-dedicated", "id: dbaas-shared",
         "id: dbaas-shared\n    name: {ru: DBaaS с выделенными", 9,
         "service id 'dbaas-shared' is used twice (first at kbdata/services.yaml:{line_first}:9)"),
    Case("unknown-group", "services.yaml", "    group: fpl-yearly\n    billing: [yearly]\n    policy: domain\n",
         "    group: fpl-yearlyy\n    billing: [yearly]\n    policy: domain\n", "group: fpl-yearlyy", 12,
         "service 'domain' is in group 'fpl-yearlyy', which is not defined (groups: fpl-usage, fpl-yearly, lms-3kl) "
         "(did you mean 'fpl-yearly'?)"),
    Case("unknown-billing", "services.yaml", "    billing: [monthly]\n    policy: monthly-off\n",
         "    billing: [montly]\n    policy: monthly-off\n", "billing: [montly]", 15,
         "unknown billing kind 'montly' (did you mean 'monthly'?) (expected one of: hourly, monthly, yearly, pay-per-use, package)"),
    Case("label-missing", "services.yaml", "ru: {running: включён, off: выключен, deleted: удалён}\n      pl: {running: włączony, off: wyłączony, deleted: usunięty}\n\n  - id: virtual-switch",
         "ru: {running: включён, deleted: удалён}\n      pl: {running: włączony, off: wyłączony, deleted: usunięty}\n\n  - id: virtual-switch",
         "ru: {running: включён, deleted: удалён}", 11,
         "labels [ru] of service 'cloud-vps' have no 'off' (its policy 'monthly-off' needs: running, off, deleted)"),
    Case("label-for-unknown-state", "services.yaml", "pl: {running: włączony, off: wyłączony, deleted: usunięty}\n\n  - id: virtual-switch",
         "pl: {running: włączony, off: wyłączony, deleted: usunięty, archived: x}\n\n  - id: virtual-switch",
         "archived: x}", 66, "label 'archived' is not a state of policy 'monthly-off' (expected: running, off, deleted)"),
    Case("unknown-state", "retention/fpl.yaml", "    - state: archived\n", "    - state: archivd\n",
         "state: archivd", 14, "unknown state 'archivd' (states are defined in kbdata/states.yaml)"),
    Case("from-a-later-phase", "retention/fpl.yaml", "      from: archived\n", "      from: deleted\n",
         "from: deleted", 13, "'from: deleted' must name an earlier phase of policy 'cloud-pro' (earlier: off, archived)"),
    Case("unknown-trigger", "retention/3kl.yaml", "saas-3kl:\n  trigger: contract-end", "saas-3kl:\n  trigger: contract-ended",
         "trigger: contract-ended", 12,
         "trigger must be one of funds-exhausted, deactivated, server-off, contract-end; got contract-ended (did you mean 'contract-end'?)"),
    Case("unknown-begins-rule", "retention/fpl.yaml", "monthly-off:\n  trigger: funds-exhausted\n  begins: period-end",
         "monthly-off:\n  trigger: funds-exhausted\n  begins: end-of-period", "begins: end-of-period", 11,
         "begins must be one of event, period-end, first-of-next-month; got end-of-period"),
    Case("decimal-comma", "prices.yaml", 'amount: "2500.00"', 'amount: "2500,00"', 'amount: "2500,00"', 13,
         "amount must be a number like 2.5, with a dot, not a comma (quoted or not): greater than 0, "
         "below 1 000 000 000, with at most 4 decimals; got '2500,00'"),
    Case("negative-coefficient", "prices.yaml", "k: 0.6", "k: -0.6", "k: -0.6", 8, "k must be greater than 0, got -0.6"),
    Case("hours-word-typo", "prices.yaml", "    hours: actual\n    clause: 14\n", "    hours: actually\n    clause: 14\n",
         "hours: actually", 12, "hours must be a number, 'actual', 'estimate', {{from: N}}, {{from: N, to: M}} or "
         "{{from: N, usually: {{from: A, to: B}}}}; got actually (did you mean 'actual'?)"),
    Case("duplicate-item-id", "prices.yaml", "id: glossary", "id: lesson", "id: lesson\n        hours: 2\n        name:\n          ru: >-\n            Создание элемента курса «Глоссарий»",
         13, "paid item id 'lesson' is used twice (first at kbdata/prices.yaml:{line_first}:13)"),
    Case("string-missing-in-one-language", "strings/pl.yaml", "  services: Usługi\n  prices: Cennik\n", "  prices: Cennik\n",
         "nav:", 1, "string 'nav.services' is missing in pl (defined for ru at kbdata/strings/ru.yaml:{ru_line}:13)"),
    Case("placeholder-mismatch", "strings/pl.yaml", 'day: "dzień {n}"', 'day: "dzień {m}"', 'day: "dzień {m}"', 8,
         "string 'timeline.day' uses {{m}} in pl but {{n}} in ru (kbdata/strings/ru.yaml:63:8)"),
    Case("range-policy-without-matrix", "retention/fpl.yaml", "  matrix: [deactivated, redemption, deleted]\n", "",
         "domain:\n  trigger", 1,
         "policy 'domain' has a phase with a range of days, so it needs 'matrix': the state to show in "
         "each column of its group's matrix"),
    Case("matrix-cell-typo", "retention/fpl.yaml", "matrix: [deactivated, redemption, deleted]",
         "matrix: [deactivated, redemtion, deleted]", "matrix: [deactivated, redemtion", 25,
         "matrix cell 'redemtion' is not a state of policy 'domain' (expected one of: deactivated, deleted, "
         "redemption, running)"),
    Case("matrix-wrong-length", "retention/fpl.yaml", "matrix: [deactivated, redemption, deleted]",
         "matrix: [deactivated, deleted]", "matrix: [deactivated, deleted]", 11,
         "policy 'domain' has 2 matrix cells but group 'fpl-yearly' has 3 columns"),
    Case("two-rates-one-day", "prices.yaml", "    sample: true\n", "    sample: true\n  - amount: 3000\n    effective: 2025-07-19\n",
         "effective: 2025-07-19\n\ncoefficients", 16,
         "two rates take effect on 2025-07-19 (the other at kbdata/prices.yaml:{line_first}:16)"),
    Case("yaml-syntax", "lists.yaml", "  - ru: к обновлениям;\n", "  - ru: к обновлениям: сломано\n",
         "ru: к обновлениям: сломано", 22, "YAML syntax error: mapping values are not allowed…"),
    Case("empty-file", "lists.yaml", None, "# nothing here yet\n", "# nothing", 1, "the file is empty"),
    # The help-centre data: support channels per article group, the K-is-assumed flag.
    Case("support-portal-not-a-url", "site.yaml", "  lms:\n    portal: https://clients.opentechnology.ru/\n",
         "  lms:\n    portal: clients.opentechnology.ru\n", "portal: clients.opentechnology.ru", 13,
         "portal must be a web address starting with http:// or https://, e.g. "
         "https://support.example.com/; got clients.opentechnology.ru"),
    Case("support-bad-email", "site.yaml", "    email: sp-other@opentechnology.ru\n  paid:",
         "    email: support at example.com\n  paid:",
         "email: support at example.com", 12, "email must be an e-mail address, e.g. support@example.com; got support at example.com"),
    Case("support-unknown-group", "site.yaml", "  lms:\n", "  lsm:\n", "lsm:", 3,
         "support: unknown article group 'lsm' (groups: cloud, lms, paid)"),
    Case("support-no-channel", "site.yaml", "  lms:\n    portal: https://clients.opentechnology.ru/\n    email: sp-other@opentechnology.ru\n",
         "  lms:\n    category: Любая\n",
         "category: Любая", 5, "support 'lms' needs at least one of 'portal' or 'email'"),
    Case("tariff-change-unworded", "retention/fpl.yaml", "    - [yearly, hourly]\n",
         "    - [yearly, hourly]\n    - [pay-per-use, hourly]\n", "pay-per-use, hourly]", 8,
         "billing kind 'pay-per-use' needs name_from in billing.yaml…"),
    # The shape comes from the schemas (kbdata/schema/): their words, still one message per mistake.
    Case("number-where-text-goes", "services.yaml", "name: {ru: Сервер Cloud VPS, pl: Serwer Cloud VPS}",
         "name: {ru: 2024, pl: Serwer Cloud VPS}", "name: {ru: 2024", 16,
         "name [ru] must be text, not empty and not only spaces; got 2024 (put it in quotes)"),
    Case("running-is-reserved", "states.yaml", "deleted:\n", "running:\n", "running:", 1,
         "the key 'running': 'running' is reserved for a working service: name the state otherwise"),
    Case("look-alike-letter-in-a-key", "retention/fpl.yaml", "cloud-pro:\n", "сloud-pro:\n", "сloud-pro:", 1,
         "the key 'сloud-pro' must be a lower-case ASCII slug like 'cloud-pro': letters a-z, digits and single "
         "hyphens (it contains the Cyrillic letter 'с' (U+0441), which only looks like a Latin one)"),
    Case("yml-extension", "retention/extra.yml", None,
         "extra:\n  trigger: funds-exhausted\n  begins: event\n  phases:\n    - state: \"off\"\n      after: 0\n"
         "      note: {ru: выключена, pl: wyłączona}\n", "extra:", 1,
         "kbdata files end in .yaml: rename it to extra.yaml (it is read meanwhile)"),
    Case("hours-to-and-usually", "prices.yaml", "hours: {from: 48, usually:", "hours: {from: 48, to: 300, usually:",
         "to: 300, usually", 45, "hours: 'usually' goes with a lower bound alone ({{from: N, usually: {{...}}}}), not with 'to'"),
    Case("language-listed-twice", "site.yaml", "languages: [ru, pl]", "languages: [ru, ru]", "languages: [ru, ru]", 17,
         "languages lists ru twice"),
    Case("invalid-entry-is-still-known", "billing.yaml", "period_days: 30", "period_days: 0", "period_days: 0", 16,
         "period_days must be at least 1, got 0"),
    Case("misspelt-field-is-one-message", "states.yaml", "  kind: deleted\n", "  knd: deleted\n", "knd: deleted", 3,
         "unknown field 'knd' in state 'deleted' (expected one of: kind, name) (did you mean 'kind'?)"),
    Case("a-billing-name-in-one-language", "billing.yaml", "  name: {ru: почасовой, pl: godzinowy}",
         "  name: {pl: godzinowy}", "name: {pl: godzinowy}", 9,
         "name has no 'ru' text (present: pl); every text must exist in every language"),
    # What the adversarial pass found (issue 10): each a wrong page or a wrong message before.
    Case("phase-before-the-one-listed-above", "retention/fpl.yaml", "      after: 10\n      from: archived\n",
         "      after: 5\n      from: \"off\"\n", "after: 5", 14,
         "phase 'deleted' begins on day 6, not after phase 'archived' (day 8): list the phases in the order "
         "they happen, each counted from the timeline's start or from the phase named in 'from'"),
    Case("a-service-its-own-parent", "services.yaml", "    policy: monthly-off\n", "    policy: monthly-off\n    parent: cloud-vps\n",
         "parent: cloud-vps", 13, "service 'cloud-vps' cannot be its own parent"),
    Case("a-parent-misspelt", "services.yaml", "    parent: domain\n", "    parent: domian\n", "parent: domian", 13,
         "parent 'domian' must be a service listed above 'whois-privacy' (did you mean 'domain'?)"),
    Case("a-parent-in-another-group", "services.yaml", "    parent: domain\n", "    parent: load-balancer\n",
         "parent: load-balancer\n    group: fpl-yearly", 13, "parent 'load-balancer' is in group 'fpl-usage', "
         "'whois-privacy' in 'fpl-yearly': a sub-row is drawn under its parent, in the same group"),
    Case("act-where-nothing-is-deleted", "retention/fpl.yaml", "notifications:\n  trigger: deactivated\n",
         "notifications:\n  trigger: deactivated\n  act: accounts\n", "act: accounts\n  begins: event", 8,
         "act: 'accounts' words the last day before a deletion, and policy 'notifications' deletes nothing: leave it out"),
    Case("footnote-misspelt", "services.yaml", "    footnote: licenses", "    footnote: licences", "footnote: licences", 15,
         "footnote 'licences' has no text: its words are footnote.licences in kbdata/strings/<language>.yaml "
         "(did you mean 'licenses'?)"),
    Case("currency-not-iso", "prices.yaml", "currency: RUB", "currency: RUX", "currency: RUX", 11,
         "currency 'RUX' is not an ISO 4217 currency code…"),
    Case("a-file-kbdata-does-not-read", "servces.yaml", None, "groups: []\n", "groups", 1,
         "kbdata reads no such file: its files are site.yaml, billing.yaml, states.yaml, services.yaml, "
         "prices.yaml, lists.yaml (did you mean 'services.yaml'?)"),
    Case("a-language-without-its-strings", "site.yaml", "languages: [ru, pl]", "languages: [ru, pl, en]", "languages:", 21,
         "the language 'en' has no kbdata/strings/en.yaml yet: add its UI strings (and its pages, docs/en/), "
         "then list it here"),
    Case("no-space-after-the-colon", "states.yaml", "  kind: deleted", "  kind:deleted", "kind:deleted", 7,
         "a space is missing after ':' (write 'key: value')"),  # where the author wrote it, not a line below
    Case("no-space-after-a-service-key", "services.yaml", "    group: fpl-usage", "    group:fpl-usage", "group:fpl", 10,
         "a space is missing after ':' (write 'key: value')"),
    Case("a-string-misspelt-in-one-language", "strings/pl.yaml", "  contact_link: kontakt", "  contact_lnik: kontakt",
         "contact_lnik", 3, "string 'answer.contact_lnik' is 'answer.contact_link' in ru (kbdata/strings/ru.yaml:"
         "{ru_contact}:3): one of the two is misspelt (every language has the same names)"),
    Case("unclosed-quote", "retention/fpl.yaml", "  trigger: funds-exhausted", '  trigger: "funds-exhausted',
         '"funds-exhausted', 12, "a quote opened here is not closed on its line: close it, or leave the value unquoted "
         "(YAML read on to the next quote mark, several lines below)"),
    Case("unclosed-quote-in-strings", "strings/ru.yaml", "  todo: Что делать сейчас", "  todo: 'Что делать сейчас",
         "'Что делать", 9, "a quote opened here is not closed on its line: close it, or leave the value unquoted "
         "(YAML read on to the next quote mark, several lines below)"),
    Case("an-anchor-given-twice", "retention/fpl.yaml", "note: &storage-deleted", "note: &backup-deleted",
         "note: &backup-deleted\n        ru: >-\n          Аккаунты Object", 13,
         "the anchor &backup-deleted is defined twice (first on line {line_first}): give one of them another name, "
         "and its *aliases with it"),
    Case("an-alias-misspelt", "services.yaml", "    labels: *active-account-labels", "    labels: *active-acount-labels",
         "*active-acount-labels", 13, "the alias *active-acount-labels names no anchor &active-acount-labels above it "
         "(did you mean 'active-account-labels'?)"),
    Case("a-merge-key-is-one-message", "services.yaml", "    labels: *license-labels\n",
         "    labels:\n      <<: *license-labels\n", "<<: *license", 7,
         "merge keys ('<<') are not supported; repeat the fields"),
    Case("unclosed-placeholder", "strings/pl.yaml", 'day: "dzień {n}"', 'day: "dzień {n"', 'day: "dzień {n"', 8,
         "string 'timeline.day' has a brace without its pair: a placeholder is written {{name}}, whole"),
    Case("no-break-space-in-an-id", "services.yaml", "    policy: monthly-off\n", "    policy: monthly-off\u00a0\n",
         "policy: monthly-off\u00a0", 13, "policy must be a lower-case ASCII slug like 'cloud-pro': letters a-z, digits "
         "and single hyphens; got monthly-off\u00a0 (it contains U+00A0 (no-break space), which is easy to miss: delete it)"),
    Case("too-many-entries", "lists.yaml", "server-3kl-losses:\n",
         "huge:\n" + "  - {ru: a, pl: b}\n" * 50_001 + "server-3kl-losses:\n", "huge:", 1,
         "the file has more than 100000 entries: a file written by hand is far smaller"),
    Case("unknown-language-in-a-list", "lists.yaml", "  - ru: к обновлениям;\n", "  - ru: к обновлениям;\n    en: to updates;\n",
         "en: to updates", 5, "unknown language 'en' in a list entry (the KB's languages are ru, pl; or items)"),
    Case("k-assumed-not-a-flag", "prices.yaml", "    k_assumed: true\n", "    k_assumed: yes please\n",
         "k_assumed: yes please", 16, "k_assumed must be true or false, got yes please"),
]


def apply(case: Case, kbdata: Path) -> str:
    path = kbdata / case.file
    if case.old is None:
        text = case.new
    else:
        original = path.read_text(encoding="utf-8")
        assert original.count(case.old) >= 1, f"{case.id}: the sample no longer contains the text to break"
        text = original.replace(case.old, case.new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def test_corpus_is_large_enough():
    assert len(CASES) >= 50
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_broken_kbdata_is_reported_at_its_place(case: Case, tmp_path: Path):
    kbdata = tmp_path / "kbdata"
    shutil.copytree(ROOT / "kbdata", kbdata)
    text = apply(case, kbdata)
    line = line_of(text, case.needle)
    before_lines = text[: text.index(case.needle)].splitlines()
    params = {
        "line_before": next(i + 1 for i in range(len(before_lines) - 1, -1, -1)
                            if before_lines[i].strip().startswith("policy:")) if case.id == "duplicate-key" else 0,
        "line_first": line_of(text, case.new.split("\n")[0].strip() + "\n") if "{line_first}" in case.message else 0,
        "ru_contact": line_of((ROOT / "kbdata/strings/ru.yaml").read_text(encoding="utf-8"), "  contact_link:")
        if "{ru_contact}" in case.message else 0,
        "ru_line": line_of((ROOT / "kbdata/strings/ru.yaml").read_text(encoding="utf-8"),
                           "  services: Услуги") if "{ru_line}" in case.message else 0,
    }
    if case.id == "two-rates-one-day":
        params["line_first"] = line_of(text, "effective: 2025-07-19")
    expected = f"kbdata/{case.file}:{line}:{case.column}: {case.message.format(**params)}"
    with pytest.raises(KbdataError) as caught:
        load(kbdata)
    report = str(caught.value).splitlines()
    if expected.endswith("…"):  # the parser's own words differ between libyaml and pure Python
        assert any(line.startswith(expected[:-1]) for line in report), "\n".join(report)
    else:
        assert expected in report, "\n".join(report)
    assert report[-1] == "1 error; nothing was built.", "one mistake, one message:\n" + "\n".join(report)


def test_every_error_is_reported_at_once(tmp_path: Path):
    """Three mistakes in three files: one run names all three, then says nothing was built."""
    kbdata = tmp_path / "kbdata"
    shutil.copytree(ROOT / "kbdata", kbdata)
    chosen = [c for c in CASES if c.id in ("negative-days", "unknown-policy", "decimal-comma")]
    for case in chosen:
        apply(case, kbdata)
    with pytest.raises(KbdataError) as caught:
        load(kbdata)
    lines = str(caught.value).splitlines()
    for case in chosen:
        assert any(case.message in line and line.startswith(f"kbdata/{case.file}:") for line in lines)
    assert lines[-1] == f"{len(lines) - 1} errors; nothing was built."


def test_a_misspelt_file_name_is_one_message(tmp_path: Path):
    kbdata = tmp_path / "kbdata"
    shutil.copytree(ROOT / "kbdata", kbdata)
    (kbdata / "services.yaml").rename(kbdata / "servics.yaml")
    with pytest.raises(KbdataError) as caught:
        load(kbdata)
    assert str(caught.value).splitlines() == ["kbdata/services.yaml:1:1: the file is missing (is it servics.yaml, misspelt?)",
                                              "1 error; nothing was built."]


def test_a_misspelt_string_in_one_language_hides_nothing_missing_in_a_third(tmp_path: Path):
    """ru, pl and en: pl misspells a name (one message, where), and en lacks that name
    altogether, which is still said: the misspelling explains pl's mistake, not en's. (en's
    other texts are missing too; those messages are not this test's.)"""
    kbdata = tmp_path / "kbdata"
    shutil.copytree(ROOT / "kbdata", kbdata)
    site = kbdata / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("languages: [ru, pl]", "languages: [ru, pl, en]"),
                    encoding="utf-8")
    pl = (kbdata / "strings" / "pl.yaml").read_text(encoding="utf-8")
    assert pl.count("  contact_link: ") == 1
    (kbdata / "strings" / "en.yaml").write_text("\n".join(line for line in pl.splitlines()
                                                          if not line.startswith("  contact_link: ")) + "\n",
                                               encoding="utf-8")
    (kbdata / "strings" / "pl.yaml").write_text(pl.replace("  contact_link: ", "  contact_lnik: "), encoding="utf-8")
    with pytest.raises(KbdataError) as caught:
        load(kbdata)
    lines = str(caught.value).splitlines()
    assert sum("'answer.contact_lnik' is 'answer.contact_link' in ru" in line and line.startswith("kbdata/strings/pl.yaml:")
               for line in lines) == 1, lines
    assert sum("'answer.contact_link' is missing in en" in line and line.startswith("kbdata/strings/en.yaml:")
               for line in lines) == 1, lines
    assert not any("missing in pl" in line or "contact_lnik' is missing" in line for line in lines), lines


@pytest.mark.parametrize("name", ["lists.yaml", "retention/3kl.yaml", "strings/pl.yaml"])
def test_a_yml_file_is_read_and_named_once(tmp_path: Path, name: str):
    """Issue 21, point 4: a file saved as .yml is one message (rename it), not also 'missing'."""
    kbdata = tmp_path / "kbdata"
    shutil.copytree(ROOT / "kbdata", kbdata)
    (kbdata / name).rename((kbdata / name).with_suffix(".yml"))
    with pytest.raises(KbdataError) as caught:
        load(kbdata)
    stem = name.rsplit("/", 1)[-1].removesuffix(".yaml")
    assert str(caught.value).splitlines() == [f"kbdata/{name.removesuffix('.yaml')}.yml:1:1: kbdata files end in .yaml: "
                                              f"rename it to {stem}.yaml (it is read meanwhile)",
                                              "1 error; nothing was built."]


def test_missing_file_is_named(tmp_path: Path):
    kbdata = tmp_path / "kbdata"
    shutil.copytree(ROOT / "kbdata", kbdata)
    (kbdata / "billing.yaml").unlink()
    with pytest.raises(KbdataError) as caught:
        load(kbdata)
    assert "kbdata/billing.yaml:1:1: the file is missing" in str(caught.value).splitlines()


@pytest.mark.parametrize("case", [c for c in CASES if c.id in ("negative-days", "k-assumed-not-a-flag",
                                                               "support-unknown-group", "unknown-policy")],
                         ids=lambda c: c.id)
def test_one_mistake_in_kbdata_is_one_message_not_one_more_per_article(case: Case, tmp_path: Path):
    """The articles are checked against kbdata; when kbdata is broken, that check is skipped
    instead of reporting every article's kb_group and kb_services as unknown."""
    from generator.data.kb import load_site
    shutil.copytree(ROOT / "kbdata", tmp_path / "kbdata")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    apply(case, tmp_path / "kbdata")
    with pytest.raises(KbdataError) as caught:
        load_site(tmp_path)
    lines = str(caught.value).splitlines()
    assert lines[-1] == "1 error; nothing was built." and case.message.rstrip("…") in lines[0], lines


def test_an_update_date_in_the_future_is_refused(tmp_path: Path, monkeypatch):
    from generator.data.kb import load_site
    shutil.copytree(ROOT / "kbdata", tmp_path / "kbdata")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    article = tmp_path / "docs/pl/articles/lms-renewal.md"
    article.write_text(article.read_text(encoding="utf-8").replace("kb_updated: 2025-10-28", "kb_updated: 2031-01-01"),
                       encoding="utf-8")
    monkeypatch.setenv("KB_TODAY", "2026-11-24")
    with pytest.raises(KbdataError) as caught:
        load_site(tmp_path)
    assert str(caught.value).splitlines()[0] == ("docs/pl/articles/lms-renewal.md:4:13: kb_updated 2031-01-01 is after "
                                                 "today (2026-11-24): the page would say it was updated in the future")


def test_an_edit_landing_while_a_file_is_read_is_checked_on_the_next_read(tmp_path: Path, monkeypatch):
    """`make serve` reads kbdata after every save. The schema's verdict is kept per text; it
    was filed under a second read of the file, so an edit landing between the two reads got the
    old text's verdict ('after: -3' passed the schema; CI saw only a later check catch it)."""
    from generator.data.errors import Errors
    from generator.data.kbdata import context

    shutil.copytree(ROOT / "kbdata", tmp_path / "kbdata")
    policy = tmp_path / "kbdata" / "retention" / "fpl.yaml"
    good = policy.read_text(encoding="utf-8")
    broken = good.replace("after: 7", "after: -3", 1)
    parsed = context.load_text

    def read_then_edited(path, label, errors):
        result = parsed(path, label, errors)
        path.write_text(broken, encoding="utf-8")  # the author's save, just after the read
        return result

    monkeypatch.setattr(context, "load_text", read_then_edited)
    first = context.Context(tmp_path / "kbdata", Errors())
    assert first.read(policy, "retention", by_id=True) is not None and not first.errors
    monkeypatch.setattr(context, "load_text", parsed)
    second = context.Context(tmp_path / "kbdata", Errors())
    second.read(policy, "retention", by_id=True)
    assert any("got -3" in problem.message for problem in second.errors.problems), second.errors.problems
