"""The JSON Schemas in kbdata/schema/: the one description of kbdata's shape.

The build validates kbdata against them (generator/data/schema.py), and the editor reads them through the
`# yaml-language-server: $schema=...` line that opens each file (completion and live errors). These
tests check that

* every schema is a valid draft 2020-12 schema, written so that both readers understand it and the
  build's messages can say what is expected (descriptions, titles);
* every kbdata YAML file's first line points to its schema, and the sample validates, both as the
  editor sees it (without our language keyword) and as the build does;
* broken variants of the samples are rejected at the place and by the keyword we expect, and the
  build rejects each of them; other valid ways to write the same things are accepted by both.

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
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml
from jsonschema import Draft202012Validator

from calculators.timeline import BEGIN_RULES
from generator.data import yamlnodes
from generator.data.errors import Errors, KbdataError
from generator.data.kbdata import load
from generator.data.schema import LANGUAGES, Doc, registry, validator_for

ROOT = Path(__file__).resolve().parent.parent
KBDATA = ROOT / "kbdata"
SCHEMAS = KBDATA / "schema"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_NAMES = ("site", "billing", "states", "services", "retention", "prices", "lists", "strings", "search")
ALL_SCHEMAS = SCHEMA_NAMES + ("common", "article")  # common: the definitions the others share; article: front matter
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
    if isinstance(value, float):  # as exact as the build reads it (the schemas' multipleOf is exact)
        return Decimal(repr(value))
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


def errors_of(relative: str, data: Any, languages: tuple[str, ...] | None = ("ru", "pl")) -> list[tuple[list[Any], str]]:
    """(path, keyword) of each error, as the build finds them (None: as the editor does, which
    does not know our language keyword)."""
    validator = validator_for(expected_schema(relative).removesuffix(".schema.json"), languages)
    return sorted(((list(e.absolute_path), e.validator) for e in validator.iter_errors(data)), key=repr)


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

SCHEMA_FILES = [f"{n}.schema.json" for n in ALL_SCHEMAS]


def test_every_schema_file_is_tested() -> None:
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(SCHEMA_FILES)


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    document = schema(name)
    assert document["$schema"] == DRAFT
    Draft202012Validator.check_schema(document)


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_every_property_has_a_description(name: str) -> None:
    """Editor tooltips: every field a KB author can type says what it is for."""
    missing = [".".join(map(str, path + (key,)))
               for path, node in walk(schema(name)) if path and path[-1] == "properties"
               for key, sub in node.items() if not sub.get("description")]
    missing += [f"$defs.{key}" for key, sub in schema(name).get("$defs", {}).items() if not sub.get("description")]
    assert not missing, f"properties without a description in {name}: {missing}"


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_refs_have_no_sibling_keywords(name: str) -> None:
    """Draft-07-era validators (the YAML extension's heritage) ignore keywords next to $ref."""
    crowded = [path for path, node in walk(schema(name))
               if isinstance(node, dict) and "$ref" in node and set(node) - {"$ref", "description"}]
    assert not crowded, f"$ref with sibling keywords in {name}: {crowded}"


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_every_reference_resolves(name: str) -> None:
    """Refs are local ('#/$defs/x') or into common.schema.json, next to it: what the editor
    resolves from the file's own folder."""
    resolver = registry().resolver(base_uri=name)
    for path, node in walk(schema(name)):
        if isinstance(node, dict) and "$ref" in node:
            assert node["$ref"].startswith(("#/$defs/", "common.schema.json#/$defs/")), (path, node["$ref"])
            resolver.lookup(node["$ref"])


def test_shared_definitions_live_only_in_common() -> None:
    shared = set(schema("common.schema.json")["$defs"])
    for name in SCHEMA_NAMES:
        assert not shared & set(schema(f"{name}.schema.json").get("$defs", {})), name


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_the_build_can_word_every_error(name: str) -> None:
    """The build's messages say "<field> must be <what the schema expects>": a pattern or a format
    needs a description that reads that way; a choice between kinds of value (anyOf) a title
    that names them; an object that is a list entry or an entry by id a title that names it
    ("a service", "policy 'cloud-pro'")."""
    problems = []
    for path, node in walk(schema(name)):
        if not isinstance(node, dict):
            continue
        if ("pattern" in node or "format" in node) and not re.match(r"(A|An|Text,) ", node.get("description", "")):
            problems.append((path, "a pattern without an 'A …', 'An …' or 'Text, …' description"))
        typed = [b for b in node.get("anyOf", []) if not set(b) <= {"required"}]
        if typed and not node.get("title"):
            problems.append((path, "an anyOf without a title"))
        if path and path[-1] in ("items", "additionalProperties") and node.get("type") == "object" \
                and "title" not in node and path[-2:-1] != ("$defs",):
            problems.append((path, "a list entry or an entry by id without a title"))
    assert not problems, problems


def test_texts_are_checked_for_the_kbs_languages() -> None:
    """Every per-language mapping carries our keyword: the build checks it has each language
    of site.yaml (a schema cannot know them)."""
    common = schema("common.schema.json")["$defs"]
    assert common["text"][LANGUAGES] == "every"
    assert at(schema("lists.schema.json"), "$defs/listItem")[LANGUAGES] == "every"
    assert at(schema("services.schema.json"), "properties/services/items/properties/labels")[LANGUAGES] == "every"


def test_the_begin_rules_are_the_calculators() -> None:
    """The calculators (Pyodide, standard library only) implement exactly the rules the schema allows."""
    assert at(schema("common.schema.json"), "$defs/beginRule/enum") == list(BEGIN_RULES)


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
    assert errors_of(relative, sample(relative), languages=None) == []


def test_editor_loader_keeps_on_and_off_as_words() -> None:
    assert {"on", "off"} <= set(sample("states.yaml"))
    assert yaml.safe_load("off: x") == {False: "x"}  # why the loader above exists


# --- broken variants --------------------------------------------------------------------------
#
# Each breaker edits a deep copy of one parsed sample file and returns where the schema must
# object: the instance path and the JSON Schema keyword(s). The schema must report exactly
# that, and nothing else; the build must stop on the same edit, with messages at that place.

Breaker = Callable[[Any], tuple[list[Any], "str | tuple[str, ...]"]]
CASES: list[tuple[str, Breaker]] = []


def case(relative: str) -> Callable[[Breaker], Breaker]:
    def register(breaker: Breaker) -> Breaker:
        CASES.append((relative, breaker))
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
    return ["title"], LANGUAGES


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
    return ["dns", "phases", 0, "note"], LANGUAGES


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
    return ["server-3kl-losses", e, "items", 0], LANGUAGES


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


@pytest.mark.parametrize("relative, breaker", [pytest.param(r, b, id=b.__name__) for r, b in CASES])
def test_broken_variant_is_rejected_where_expected(relative: str, breaker: Breaker) -> None:
    data = copy.deepcopy(sample(relative))
    path, keywords = breaker(data)
    keywords = (keywords,) if isinstance(keywords, str) else keywords
    assert errors_of(relative, data) == sorted(((path, k) for k in keywords), key=repr)


def test_enough_broken_variants() -> None:
    assert len(CASES) >= 10
    assert {relative.split("/")[0] for relative, _ in CASES} >= {
        "site.yaml", "billing.yaml", "states.yaml", "services.yaml", "retention", "prices.yaml",
        "lists.yaml", "strings"}


# --- accepted variants: other valid ways to write the same things -----------------------------
#
# Each edit below is another valid way to write the sample: the schema (as the editor and as
# the build read it) and the whole build accept it.

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
    d["cloud-pro"]["reactivation"]["min_topup"]["amount"] = Decimal("12.99")


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
    assert errors_of(relative, data) == [] and errors_of(relative, data, languages=None) == []
    load(write_kbdata(tmp_path, relative, data))


class Dumper(yaml.SafeDumper):
    """Writes the exact decimals back as the numbers they were read from."""


Dumper.add_representer(Decimal, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float", str(value)))


def write_kbdata(tmp_path: Path, relative: str, data: Any) -> Path:
    root = tmp_path / "kbdata"
    shutil.copytree(KBDATA, root)
    (root / relative).write_text(yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


@pytest.mark.parametrize("relative", yaml_files())
def test_the_build_accepts_the_round_tripped_sample(relative: str, tmp_path: Path) -> None:
    """The harness below is sound: re-dumping a sample file as YAML keeps it valid for the build."""
    load(write_kbdata(tmp_path, relative, sample(relative)))


@pytest.mark.parametrize("relative, breaker", [pytest.param(r, b, id=b.__name__) for r, b in CASES])
def test_the_build_rejects_the_variant_at_its_place(relative: str, breaker: Breaker, tmp_path: Path) -> None:
    """The build's messages point into the broken part of the file: the lines of the node at
    the breaker's path (its keys included), and nowhere else."""
    data = copy.deepcopy(sample(relative))
    path, _ = breaker(data)
    root = write_kbdata(tmp_path, relative, data)
    with pytest.raises(KbdataError) as caught:
        load(root)
    label = f"kbdata/{relative}"
    node = yamlnodes.load(root / relative, label, Errors())
    doc = Doc.of(label, expected_schema(relative), node)
    inside = [p for p in list(doc.nodes) + list(doc.keys) if p[:len(path)] == tuple(path)]
    lines = {doc.place(p).line for p in inside} | {doc.key_place(p).line for p in inside if p}
    if path:
        lines.add(doc.key_place(tuple(path)).line)
    assert caught.value.problems and all(p.place.file == label and p.place.line in lines
                                         for p in caught.value.problems), caught.value.problems
