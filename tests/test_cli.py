"""`python -m calculators`: the three forms of the contract, on hand-derived cases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def data_file(tmp_path_factory, kbdata) -> Path:
    path = tmp_path_factory.mktemp("cli") / "kbdata.json"
    path.write_text(json.dumps(kbdata, ensure_ascii=False), encoding="utf-8")
    return path


def cli(*args: str, data: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), KB_TODAY="2026-11-23")
    extra = ["--data", str(data)] if data else []
    return subprocess.run([sys.executable, "-m", "calculators", *extra, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_timeline_json_for_an_hourly_cloud_pro(data_file):
    done = cli("timeline", "--service", "cloud-pro", "--billing", "hourly", "--event", "2026-11-01", "--json",
               data=data_file)
    assert done.returncode == 0, done.stderr
    phases = json.loads(done.stdout)["phases"]
    assert [(p["state"], p["from"], p["from_latest"]) for p in phases] == [
        ("off", "2026-11-01", None), ("archived", "2026-11-08", None), ("deleted", "2026-11-18", None)]


def test_timeline_json_for_a_domain_gives_both_ends(data_file):
    done = cli("timeline", "--service", "domain", "--event", "2026-11-01", "--json", data=data_file)
    last = json.loads(done.stdout)["phases"][-1]
    assert (last["state"], last["from"], last["from_latest"]) == ("deleted", "2026-12-01", "2027-01-10")


def test_timeline_with_licences_in_polish(data_file):
    done = cli("timeline", "--service", "cloud-pro", "--billing", "monthly", "--licenses", "--event", "2026-11-10",
               "--lang", "pl", data=data_file)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.replace("\xa0", " ").splitlines()
    assert lines[0] == "Serwer Cloud PRO"
    # No period end: the event is the renewal day, and the licences can only bring it forward.
    assert "Wyłączony: od 10 listopada 2026 r. (dzień 1)" in lines
    assert "Usunięty: od 27 listopada 2026 r. (dzień 18)" in lines
    assert "Ostatni dzień na doładowanie konta, aby uniknąć usunięcia: 26 listopada 2026 r." in lines


def test_price_of_an_item(data_file):
    done = cli("price", "--item", "design-template", "--json", data=data_file)
    q = json.loads(done.stdout)
    assert (q["price"], q["price_max"]) == ("50000.00", None)  # 20 h x 1 x 2500.00


def test_price_of_hours_with_a_contract_rate(data_file):
    done = cli("price", "--hours", "48", "--hours-max", "80", "--role", "content", "--rate", "1000", "--json",
               data=data_file)
    q = json.loads(done.stdout)
    assert (q["price"], q["price_max"], q["rate_source"]) == ("28800.00", "48000.00", "contract")  # x 0.6 x 1000


def test_price_in_russian_words(data_file):
    done = cli("price", "--item", "implementation", data=data_file)
    text = done.stdout.replace("\xa0", " ")
    assert "Трудоёмкость: 64 нормо-часа" in text and "Стоимость: 160 000 ₽" in text


def test_balance(data_file):
    done = cli("balance", "--balance", "10", "--stages", "4; 4; 8", "--json", data=data_file)
    r = json.loads(done.stdout)
    assert (r["runs"], r["paused_at"], r["top_up_next"], r["top_up_all"]) == (2, 3, "6", "6")


def test_stages_take_the_decimal_comma_and_refuse_a_comma_list(data_file):
    # Issue example: "4,5;8" is two stages, 4.5 and 8, never three.
    r = json.loads(cli("balance", "--balance", "10", "--stages", "4,5;8", "--json", data=data_file).stdout)
    assert [s["hours"] for s in r["stages"]] == ["4.5", "8"]
    done = cli("balance", "--balance", "10", "--stages", "4,4,8", data=data_file)
    assert done.returncode == 2 and "--stages" in done.stderr and "4,4,8" not in done.stderr


@pytest.mark.parametrize("billing, service", [("pay-per-use", "backup-ppu"), ("package", "backup-package")])
def test_every_billing_kind_of_the_data_is_an_option(data_file, billing, service):
    done = cli("timeline", "--service", service, "--billing", billing, "--event", "2026-11-01", "--json", data=data_file)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["billing"] == billing


def test_the_ends_of_the_calendar_are_a_message_not_a_traceback(data_file):
    done = cli("timeline", "--service", "cloud-pro", "--event", "9999-12-20", data=data_file)
    assert done.returncode == 2 and "Traceback" not in done.stderr and ": --event: " in done.stderr


@pytest.mark.parametrize("args, option", [
    (["timeline", "--service", "cloud-pro", "--event", "2026-02-30"], "--event"),
    (["timeline", "--service", "cloud-vps", "--billing", "hourly", "--event", "2026-11-01"], "--billing"),
    (["timeline", "--service", "cloud-vps", "--event", "2026-11-10", "--period-end", "2026-11-01"], "--period-end"),
    (["price", "--hours", "-5", "--role", "developer"], "--hours"),
    (["price", "--item", "nonexistent"], "--item"),
    (["balance", "--balance", "10", "--stages", "4;x;8"], "--stages"),
])
def test_bad_input_exits_2_with_one_line_naming_the_option(data_file, args, option):
    done = cli(*args, data=data_file)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and f": {option}: " in lines[0], done.stderr
    assert "Traceback" not in done.stderr and not done.stdout


def test_usage_errors_are_one_line_too(data_file):
    done = cli("timeline", "--event", "2026-11-01", data=data_file)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "--service" in done.stderr


def test_without_data_it_validates_the_repository_kbdata():
    done = cli("timeline", "--service", "saas-3kl", "--event", "2026-11-01", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["phases"][-1]["from"] == "2026-12-01"


@pytest.mark.parametrize("args, env, expected", [
    (["--data", "/nonexistent", "timeline"], {}, "--data: cannot read"),
    (["price", "--item", "design-template"], {"KB_TODAY": "garbage"}, "KB_TODAY must be a date"),
    (["timeline", "--bogus", "\x1b[31mx"], {}, "\\x1b[31mx"),  # an escape code is spelled out
    (["price", "--hours", "12,5", "--hours-max", "6", "--role", "content"], {}, "--hours-max: "),
])
def test_odd_environments_and_options_give_one_line_and_exit_2(data_file, args, env, expected):
    data = None if args[0] == "--data" else data_file
    done = subprocess.run([sys.executable, "-m", "calculators", *(["--data", str(data)] if data else []), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "KB_TODAY": "2026-11-23", **env})
    assert done.returncode == 2 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], done.stderr
    assert "\x1b" not in done.stderr and "12.5" not in done.stderr and "12,5" not in done.stderr


def test_a_full_disk_is_a_message_not_a_traceback(data_file):
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "calculators", "--data", str(data_file), "timeline",
                               "--service", "dns", "--event", "2026-11-01"], cwd=ROOT, stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120,
                              env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert done.returncode == 1 and "Traceback" not in done.stderr and "cannot write" in done.stderr


@pytest.mark.parametrize("args, wanted", [
    (["--item", "question-import"], "Трудоёмкость: от 1 нормо-часа"),
    (["--item", "code-change", "--lang", "pl"], "Nakład pracy: od 4 roboczogodzin"),
    (["--item", "custom-integration"], "(от 80 до 250 нормо-часов)"),
    (["--hours", "22", "--hours-max", "24", "--role", "content"], "Трудоёмкость: от 22 до 24 нормо-часов"),
    (["--hours", "1", "--hours-max", "2", "--role", "content", "--lang", "pl"], "od 1 do 2 roboczogodzin"),
])
def test_hours_after_from_and_to_take_the_genitive(args, wanted):
    """Language review R6: "от 1 нормо-часа", not "от 1 нормо-час"; the build's tables and
    the calculator word hours one way."""
    done = cli("price", *args)
    assert done.returncode == 0, done.stderr
    assert wanted in done.stdout.replace("\xa0", " "), done.stdout
