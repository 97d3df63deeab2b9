"""The editor schemas in kbdata/schema/ against the sample kbdata and broken variants of it.

The schemas give a KB author completion and live errors in the editor (VS Code YAML extension,
through the `# yaml-language-server: $schema=...` line that opens each file); the authority is
still macros/kbdata.py at build time. These tests check that

* every schema is a valid draft 2020-12 schema and every sample file validates against its own;
* every kbdata YAML file's first line points to its schema, and that schema exists;
* broken variants of the samples are rejected at the place we expect, and the Python validator
  rejects the same variants (so the schemas are not stricter than the build where they mirror it);
* the schemas' enums and slug pattern are the ones macros/kbdata.py uses.

YAML is read the way the editor reads it (YAML 1.2): PyYAML's safe loader implements YAML 1.1,
where `on`/`off`/`yes`/`no` are booleans, so `yaml.safe_load` would turn the states `on` and
`off` (kbdata/states.yaml keys, `state: off` in the policies) into True/False. The loader
below is SafeLoader with YAML 1.2 booleans only; everything else is yaml.safe_load. Dates
(an unquoted 2025-07-19) are turned back into ISO strings, as the editor sees them.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
import shutil
from functools import cache
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml
from jsonschema import Draft202012Validator

from calculators.timeline import BEGIN_RULES
from macros import kbdata as python_validator
from macros.errors import KbdataError
from macros.reader import SLUG

ROOT = Path(__file__).resolve().parent.parent
KBDATA = ROOT / "kbdata"
SCHEMAS = KBDATA / "schema"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_NAMES = ("site", "billing", "states", "services", "retention", "prices", "lists", "strings")
MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)")


# --- reading ---------------------------------------------------------------------------------

class EditorLoader(yaml.SafeLoader):
    """yaml.SafeLoader with YAML 1.2 booleans (true/false only), as the editor reads YAML."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
EditorLoader.add_implicit_resolver("tag:yaml.org,2002:bool",
                                   re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def as_json(value: Any) -> Any:
    """The JSON the editor validates: dates as ISO strings; fresh containers (no shared aliases)."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def yaml_files() -> list[str]:
    return sorted(p.relative_to(KBDATA).as_posix() for p in KBDATA.rglob("*.yaml")
                  if SCHEMAS not in p.parents)


def expected_schema(relative: str) -> str:
    folder = relative.split("/")[0] if "/" in relative else None
    return f"{folder or relative.removesuffix('.yaml')}.schema.json"


@cache
def sample(relative: str) -> Any:
    return as_json(yaml.load((KBDATA / relative).read_text(encoding="utf-8"), Loader=EditorLoader))


@cache
def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def validator(relative: str) -> Draft202012Validator:
    return Draft202012Validator(schema(expected_schema(relative)),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors_of(relative: str, data: Any) -> list[tuple[list[Any], str]]:
    return sorted(((list(e.absolute_path), e.validator) for e in validator(relative).iter_errors(data)),
                  key=repr)


def walk(node: Any, path: tuple[Any, ...] = ()):
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, path + (index,))


def at(document: Any, pointer: str) -> Any:
    for part in pointer.strip("/").split("/"):
        document = document[int(part)] if isinstance(document, list) else document[part]
    return document


# --- the schemas themselves -------------------------------------------------------------------

@pytest.mark.parametrize("name", [f"{n}.schema.json" for n in SCHEMA_NAMES])
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    document = schema(name)
    assert document["$schema"] == DRAFT
    Draft202012Validator.check_schema(document)


@pytest.mark.parametrize("name", [f"{n}.schema.json" for n in SCHEMA_NAMES])
def test_every_property_has_a_description(name: str) -> None:
    """Editor tooltips: every field a KB author can type says what it is for."""
    missing = [".".join(map(str, path + (key,)))
               for path, node in walk(schema(name)) if path and path[-1] == "properties"
               for key, sub in node.items() if not sub.get("description")]
    missing += [f"$defs.{key}" for key, sub in schema(name).get("$defs", {}).items() if not sub.get("description")]
    assert not missing, f"properties without a description in {name}: {missing}"


@pytest.mark.parametrize("name", [f"{n}.schema.json" for n in SCHEMA_NAMES])
def test_refs_have_no_sibling_keywords(name: str) -> None:
    """Draft-07-era validators (the YAML extension's heritage) ignore keywords next to $ref."""
    crowded = [path for path, node in walk(schema(name))
               if isinstance(node, dict) and "$ref" in node and set(node) - {"$ref", "description"}]
    assert not crowded, f"$ref with sibling keywords in {name}: {crowded}"


def test_shared_definitions_are_the_same_everywhere() -> None:
    """Each schema is self-contained; a definition they share (slug, text, ...) must not drift."""
    seen: dict[str, tuple[str, Any]] = {}
    for name in SCHEMA_NAMES:
        for key, definition in schema(f"{name}.schema.json").get("$defs", {}).items():
            first = seen.setdefault(key, (name, definition))
            assert definition == first[1], f"$defs/{key} differs between {first[0]} and {name}"


def test_enums_and_slug_match_the_python_validator() -> None:
    retention, states, prices = (schema(f"{n}.schema.json") for n in ("retention", "states", "prices"))
    assert at(retention, "additionalProperties/properties/trigger/enum") == list(python_validator.TRIGGERS)
    assert at(retention, "$defs/beginRule/enum") == list(BEGIN_RULES)
    assert at(states, "additionalProperties/properties/kind/enum") == list(python_validator.STATE_KINDS)
    assert at(prices, "$defs/hours/anyOf/1/enum") == list(python_validator.HOURS_WORDS)
    assert at(prices, "properties/tables/items/properties/measure/enum") == list(python_validator.MEASURES)
    for name in SCHEMA_NAMES:
        slug = schema(f"{name}.schema.json")["$defs"].get("slug")
        if slug:
            assert slug["pattern"] == SLUG.pattern, name


# --- the sample files -------------------------------------------------------------------------

def test_the_sample_has_the_expected_files() -> None:
    files = yaml_files()
    assert {"site.yaml", "billing.yaml", "states.yaml", "services.yaml", "prices.yaml", "lists.yaml",
            "strings/ru.yaml", "strings/pl.yaml"} <= set(files)
    assert any(f.startswith("retention/") for f in files)
    assert {expected_schema(f) for f in files} == {f"{n}.schema.json" for n in SCHEMA_NAMES}


@pytest.mark.parametrize("relative", yaml_files())
def test_first_line_points_to_an_existing_schema(relative: str) -> None:
    path = KBDATA / relative
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = MODELINE.fullmatch(first)
    assert match, f"{relative}: the first line must be '# yaml-language-server: $schema=...', got {first!r}"
    target = (path.parent / match.group(1)).resolve()
    assert target.is_file(), f"{relative} points to {match.group(1)}, which does not exist"
    assert target == (SCHEMAS / expected_schema(relative)).resolve(), \
        f"{relative} points to {match.group(1)}, expected the schema {expected_schema(relative)}"


@pytest.mark.parametrize("relative", yaml_files())
def test_sample_file_validates(relative: str) -> None:
    assert errors_of(relative, sample(relative)) == []


def test_editor_loader_keeps_on_and_off_as_words() -> None:
    assert {"on", "off"} <= set(sample("states.yaml"))
    assert yaml.safe_load("off: x") == {False: "x"}  # why the loader above exists


# --- broken variants --------------------------------------------------------------------------
#
# Each breaker edits a deep copy of one parsed sample file and returns where the schema must
# object: the instance path and the JSON Schema keyword(s). The schema must report exactly
# that, and nothing else. Then macros/kbdata.py must reject the same edit too, unless the case
# says python=False (the schema is deliberately stricter).

Breaker = Callable[[Any], tuple[list[Any], "str | tuple[str, ...]"]]
CASES: list[tuple[str, Breaker, bool]] = []


def case(relative: str, *, python: bool = True) -> Callable[[Breaker], Breaker]:
    """python: True (the build rejects it too) or False (the schema alone is this strict)."""
    def register(breaker: Breaker) -> Breaker:
        CASES.append((relative, breaker, python))
        return breaker
    return register


def index(items: list[dict[str, Any]], item_id: str) -> int:
    return next(i for i, item in enumerate(items) if item["id"] == item_id)


def table_item(data: Any, table_id: str, item_id: str) -> tuple[dict[str, Any], list[Any]]:
    t = index(data["tables"], table_id)
    i = index(data["tables"][t]["items"], item_id)
    return data["tables"][t]["items"][i], ["tables", t, "items", i]


# site.yaml
@case("site.yaml")
def title_without_pl(d):
    del d["title"]["pl"]
    return ["title"], "required"


@case("site.yaml")
def language_not_a_slug(d):
    d["languages"][0] = "RU"
    return ["languages", 0], "pattern"


# billing.yaml
@case("billing.yaml")
def billing_unknown_field(d):
    d["monthly"]["days"] = 30
    return ["monthly"], "additionalProperties"


@case("billing.yaml")
def billing_period_of_zero_days(d):
    d["monthly"]["period_days"] = 0
    return ["monthly", "period_days"], "minimum"


@case("billing.yaml")
def billing_id_not_a_slug(d):
    d["Pay_Per_Use"] = d.pop("pay-per-use")
    return [], "pattern"


# states.yaml
@case("states.yaml")
def unknown_state_kind(d):
    d["off"]["kind"] = "gone"
    return ["off", "kind"], "enum"


@case("states.yaml")
def running_is_reserved(d):
    d["running"] = {"kind": "available", "name": {"ru": "Работает", "pl": "Działa"}}
    return [], "not"


@case("states.yaml")
def state_name_missing(d):
    del d["deleted"]["name"]
    return ["deleted"], "required"


# services.yaml
@case("services.yaml")
def service_without_labels(d):
    i = index(d["services"], "cloud-vps")
    del d["services"][i]["labels"]
    return ["services", i], "required"


@case("services.yaml")
def service_id_not_a_slug(d):
    i = index(d["services"], "cloud-vps")
    d["services"][i]["id"] = "Cloud VPS"
    return ["services", i, "id"], "pattern"


@case("services.yaml")
def labels_without_running(d):
    i = index(d["services"], "domain")
    del d["services"][i]["labels"]["pl"]["running"]
    return ["services", i, "labels", "pl"], "required"


@case("services.yaml")
def negative_matrix_column(d):
    g = index(d["groups"], "fpl-yearly")
    d["groups"][g]["columns"][0] = -1
    return ["groups", g, "columns", 0], "minimum"


@case("services.yaml")
def billing_not_a_list(d):
    i = index(d["services"], "cloud-vps")
    d["services"][i]["billing"] = "monthly"
    return ["services", i, "billing"], "type"


# retention/*.yaml
@case("retention/fpl.yaml")
def unknown_trigger(d):
    d["cloud-pro"]["trigger"] = "funds-gone"
    return ["cloud-pro", "trigger"], "enum"


@case("retention/fpl.yaml")
def unknown_begin_rule(d):
    d["monthly-off"]["begins"] = "tomorrow"
    return ["monthly-off", "begins"], "anyOf"


@case("retention/fpl.yaml")
def unknown_begin_rule_for_a_billing_kind(d):
    d["cloud-pro"]["begins"]["yearly"] = "next-year"
    return ["cloud-pro", "begins"], "anyOf"


@case("retention/fpl.yaml")
def negative_day_count(d):
    d["cloud-pro"]["phases"][1]["after"] = -7
    return ["cloud-pro", "phases", 1, "after"], "anyOf"


@case("retention/fpl.yaml")
def day_range_without_max(d):
    d["domain"]["phases"][1]["after"] = {"min": 0}
    return ["domain", "phases", 1, "after"], "anyOf"


@case("retention/fpl.yaml")
def policy_without_phases(d):
    d["notifications"]["phases"] = []
    return ["notifications", "phases"], "minItems"


@case("retention/fpl.yaml")
def wrong_vat(d):
    d["cloud-pro"]["reactivation"]["min_topup"]["vat"] = "none"
    return ["cloud-pro", "reactivation", "min_topup", "vat"], "enum"


@case("retention/fpl.yaml")
def amount_with_a_comma(d):
    d["backup-ppu"]["reactivation"]["min_topup"]["amount"] = "12,99"
    return ["backup-ppu", "reactivation", "min_topup", "amount"], "anyOf"


@case("retention/fpl.yaml")
def option_billing_not_a_list(d):
    d["cloud-pro"]["options"]["licenses"]["billing"] = "monthly"
    return ["cloud-pro", "options", "licenses", "billing"], "type"


@case("retention/fpl.yaml")
def matrix_not_a_list(d):
    d["domain"]["matrix"] = "deleted"
    return ["domain", "matrix"], "type"


@case("retention/fpl.yaml")
def unknown_option(d):
    d["cloud-pro"]["options"]["backups"] = d["cloud-pro"]["options"].pop("licenses")
    return ["cloud-pro", "options"], "additionalProperties"


@case("retention/fpl.yaml")
def note_in_a_third_language(d):
    d["dns"]["phases"][0]["note"]["en"] = "The DNS service is suspended."
    return ["dns", "phases", 0, "note"], "additionalProperties"


@case("retention/fpl.yaml")
def tariff_change_of_three(d):
    d["cloud-pro"]["tariff_changes"][0] = ["monthly", "yearly", "hourly"]
    return ["cloud-pro", "tariff_changes", 0], "maxItems"


@case("retention/fpl.yaml")
def unknown_domain_status(d):
    d["domain"]["periods"][3]["domain"] = "free"
    return ["domain", "periods", 3, "domain"], "enum"


@case("retention/3kl.yaml")
def phase_without_note(d):
    del d["saas-3kl"]["phases"][1]["note"]
    return ["saas-3kl", "phases", 1], "required"


@case("retention/3kl.yaml")
def policy_id_not_a_slug(d):
    d["server_3kl"] = d.pop("server-3kl")
    return [], "pattern"


# prices.yaml
@case("prices.yaml")
def hours_in_words(d):
    item, path = table_item(d, "integrations", "otpay-gateway")
    item["hours"] = "about 32"
    return path + ["hours"], "anyOf"


@case("prices.yaml")
def hours_of_zero(d):
    item, path = table_item(d, "content", "empty-course")
    item["hours"] = 0
    return path + ["hours"], "anyOf"


# Python accepts this one and silently drops 'usually' (kbdata.py _hours: the 'to' branch
# returns before 'usually' is read); the schema follows the documented forms and rejects it.
@case("prices.yaml", python=False)
def hours_with_to_and_usually(d):
    item, path = table_item(d, "integrations", "custom-integration")
    item["hours"] = {"from": 48, "to": 300, "usually": {"from": 80, "to": 250}}
    return path + ["hours"], "anyOf"


@case("prices.yaml")
def hours_and_variants(d):
    item, path = table_item(d, "content", "file-elements")
    item["hours"] = 1
    return path, "oneOf"


@case("prices.yaml")
def neither_hours_nor_variants(d):
    item, path = table_item(d, "content", "empty-course")
    del item["hours"]
    return path, "oneOf"


@case("prices.yaml")
def a_single_variant(d):
    item, path = table_item(d, "content", "file-elements")
    del item["variants"][1:]
    return path + ["variants"], "minItems"


@case("prices.yaml")
def effective_not_iso(d):
    d["rates"][0]["effective"] = "19.07.2025"
    return ["rates", 0, "effective"], ("format", "pattern")


@case("prices.yaml")
def effective_not_a_real_date(d):
    d["rates"][0]["effective"] = "2025-02-30"
    return ["rates", 0, "effective"], "format"


@case("prices.yaml")
def rate_of_zero(d):
    d["rates"][0]["amount"] = "0.00"
    return ["rates", 0, "amount"], "anyOf"


@case("prices.yaml")
def currency_in_lower_case(d):
    d["currency"] = "rub"
    return ["currency"], "pattern"


@case("prices.yaml")
def clause_in_a_table_item(d):
    item, path = table_item(d, "integrations", "otpay-gateway")
    item["clause"] = 3
    return path, "additionalProperties"


@case("prices.yaml")
def clause_zero(d):
    i = index(d["regulated"], "design-template")
    d["regulated"][i]["clause"] = 0
    return ["regulated", i, "clause"], "minimum"


@case("prices.yaml")
def unknown_measure(d):
    t = index(d["tables"], "configuration")
    d["tables"][t]["measure"] = "median"
    return ["tables", t, "measure"], "enum"


@case("prices.yaml")
def coefficient_without_k(d):
    del d["coefficients"]["content"]["k"]
    return ["coefficients", "content"], "required"


# lists.yaml
@case("lists.yaml")
def nested_list_item_without_pl(d):
    entries = d["server-3kl-losses"]
    e = next(i for i, entry in enumerate(entries) if "items" in entry)
    del entries[e]["items"][0]["pl"]
    return ["server-3kl-losses", e, "items", 0], "required"


@case("lists.yaml")
def list_item_as_a_plain_string(d):
    d["server-3kl-losses"][0] = "обновлениям"
    return ["server-3kl-losses", 0], "type"


# strings/*.yaml
@case("strings/ru.yaml")
def plural_without_other(d):
    del d["plural"]["days"]["other"]
    return ["plural", "days"], "required"


@case("strings/pl.yaml")
def unknown_plural_category(d):
    d["plural"]["days"]["several"] = "{n} dni"
    return ["plural", "days"], "additionalProperties"


@case("strings/ru.yaml")
def blank_string(d):
    d["nav"]["home"] = "   "
    return ["nav", "home"], "anyOf"


@case("strings/pl.yaml")
def string_as_a_list(d):
    d["home"]["title"] = ["Baza", "wiedzy"]
    return ["home", "title"], "anyOf"


@pytest.mark.parametrize("relative, breaker", [pytest.param(r, b, id=b.__name__) for r, b, _ in CASES])
def test_broken_variant_is_rejected_where_expected(relative: str, breaker: Breaker) -> None:
    data = copy.deepcopy(sample(relative))
    path, keywords = breaker(data)
    keywords = (keywords,) if isinstance(keywords, str) else keywords
    assert errors_of(relative, data) == sorted(((path, k) for k in keywords), key=repr)


def test_enough_broken_variants() -> None:
    assert len(CASES) >= 10
    assert {relative.split("/")[0] for relative, _, _ in CASES} >= {
        "site.yaml", "billing.yaml", "states.yaml", "services.yaml", "retention", "prices.yaml",
        "lists.yaml", "strings"}


# --- accepted variants: other valid ways to write the same things -----------------------------
#
# The schema must not be stricter than the build where it mirrors it: each edit below is valid
# for both.

ACCEPTED: list[tuple[str, Callable[[Any], None]]] = []


def accepted(relative: str) -> Callable[[Callable[[Any], None]], Callable[[Any], None]]:
    def register(editor: Callable[[Any], None]) -> Callable[[Any], None]:
        ACCEPTED.append((relative, editor))
        return editor
    return register


@accepted("prices.yaml")
def hours_and_bounds_as_quoted_decimals(d):
    table_item(d, "integrations", "otpay-gateway")[0]["hours"] = "32.5"
    table_item(d, "refinements", "code-change")[0]["hours"] = {"from": "4"}
    table_item(d, "configuration", "dbms-recovery")[0]["hours"] = {"from": 1, "to": "6.5"}


@accepted("prices.yaml")
def rate_as_a_number_and_not_a_sample(d):
    d["rates"][0]["amount"] = 2500
    d["rates"][0]["sample"] = False
    d["rates"].append({"amount": "2750.00", "effective": "2026-01-01"})


@accepted("prices.yaml")
def regulated_number_unquoted_and_explicit_role(d):
    i = index(d["regulated"], "design-template")
    d["regulated"][i]["number"] = 2.2
    d["regulated"][i]["role"] = "developer"
    d["regulated"][i]["note"] = {"ru": "по макету", "pl": "według projektu"}


@accepted("retention/fpl.yaml")
def begins_per_billing_kind_and_an_equal_range(d):
    d["monthly-off"]["begins"] = {"monthly": "period-end"}
    d["monthly-off"]["phases"][1]["after"] = {"min": 17, "max": 17}


@accepted("retention/fpl.yaml")
def period_durations_in_days(d):
    d["domain"]["periods"][1]["duration"] = 40
    d["domain"]["periods"][2]["duration"] = {"min": 30, "max": 30}


@accepted("retention/fpl.yaml")
def reactivation_without_vat(d):
    del d["cloud-pro"]["reactivation"]["min_topup"]["vat"]
    d["cloud-pro"]["reactivation"]["min_topup"]["amount"] = 12.99


@accepted("services.yaml")
def group_matrix_flag_written_out(d):
    d["groups"][index(d["groups"], "lms-3kl")]["matrix"] = True


@accepted("lists.yaml")
def nested_items_two_levels_deep(d):
    entry = next(e for e in d["server-3kl-losses"] if "items" in e)
    entry["items"][0]["items"] = [{"ru": "подпункт", "pl": "podpunkt"}]


@pytest.mark.parametrize("relative, editor", [pytest.param(r, e, id=e.__name__) for r, e in ACCEPTED])
def test_accepted_variant_is_valid_for_schema_and_build(relative: str, editor: Callable[[Any], None],
                                                        tmp_path: Path) -> None:
    data = copy.deepcopy(sample(relative))
    editor(data)
    assert errors_of(relative, data) == []
    python_validator.load(write_kbdata(tmp_path, relative, data))


def write_kbdata(tmp_path: Path, relative: str, data: Any) -> Path:
    root = tmp_path / "kbdata"
    shutil.copytree(KBDATA, root, ignore=shutil.ignore_patterns("schema"))
    (root / relative).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


@pytest.mark.parametrize("relative", yaml_files())
def test_python_validator_accepts_the_round_tripped_sample(relative: str, tmp_path: Path) -> None:
    """The harness below is sound: re-dumping a sample file as YAML keeps it valid for the build."""
    python_validator.load(write_kbdata(tmp_path, relative, sample(relative)))


def python_cases() -> list[Any]:
    params = []
    for relative, breaker, python in CASES:
        if python is False:
            continue
        params.append(pytest.param(relative, breaker, id=breaker.__name__))
    return params


@pytest.mark.parametrize("relative, breaker", python_cases())
def test_python_validator_rejects_the_same_variant(relative: str, breaker: Breaker, tmp_path: Path) -> None:
    data = copy.deepcopy(sample(relative))
    breaker(data)
    with pytest.raises(KbdataError):
        python_validator.load(write_kbdata(tmp_path, relative, data))
