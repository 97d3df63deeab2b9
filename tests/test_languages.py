"""Languages are data: a KB with a third language beside ru and pl (English here: its UI strings,
its pages, CLDR's plural rules and formats for it) checks, builds, is searched with its own
stemmer and answers in its own formats, with no code path that knows of ru and pl."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import copy_project, run_build
from generator.search import index_path

pytestmark = pytest.mark.site


class Loader(yaml.SafeLoader):
    """kbdata's YAML 1.2: only true and false are booleans (a state is called off)."""


Loader.yaml_implicit_resolvers = {first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
                                  for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))

ENGLISH = ("\n## In English {#in-english}\n\nWhen the funds run out, servers are switched off, archived and then "
           "deleted; backups are deleted with them.\n")


def with_english(node):
    """Every text of kbdata gets an English version (the Polish words: what is tested is the
    machinery, not the translation)."""
    if isinstance(node, dict):
        if {"ru", "pl"} <= set(node):
            node["en"] = copy.deepcopy(node["pl"])
        for value in node.values():
            with_english(value)
    elif isinstance(node, list):
        for value in node:
            with_english(value)
    return node


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("three") / "project")
    for path in (project / "kbdata").rglob("*.yaml"):
        if path.parent.name != "strings":
            data = with_english(yaml.load(path.read_text(encoding="utf-8"), Loader=Loader))
            if path.name == "site.yaml":
                data["languages"] = ["ru", "pl", "en"]
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    strings = yaml.load((project / "kbdata" / "strings" / "pl.yaml").read_text(encoding="utf-8"), Loader=Loader)
    strings["site"]["language_name"] = "English"
    (project / "kbdata" / "strings" / "en.yaml").write_text(yaml.safe_dump(strings, allow_unicode=True), encoding="utf-8")
    shutil.copytree(project / "docs" / "pl", project / "docs" / "en")
    home = project / "docs" / "en" / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + ENGLISH, encoding="utf-8")
    checked = run_build(project, "--check")
    site = project.parent / "site"
    built = run_build(project, "--site-dir", str(site))
    return project, site, checked, built


def test_it_checks_and_builds(three):
    _, _, checked, built = three
    assert checked.returncode == 0, checked.stderr
    assert "articles in ru, pl, en" in checked.stdout
    assert built.returncode == 0, built.stderr


def test_every_language_has_its_pages_and_every_page_switches_to_every_language(three):
    project, site, _, _ = three
    for lang in ("ru", "pl", "en"):
        for article in (project / "docs" / lang / "articles").glob("*.md"):
            page = (site / lang / "articles" / article.stem / "index.html").read_text(encoding="utf-8")
            assert f'<html lang="{lang}"' in page
            assert {"ru", "pl", "en"} <= set(re.findall(r'hreflang="([a-z]+)"', page)), (lang, article.stem)
    root = (site / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{lang}/"' in root for lang in ("ru", "pl", "en"))
    assert "English" in (site / "ru" / "index.html").read_text(encoding="utf-8")


def test_its_search_stems_its_own_words(three):
    _, site, _, _ = three
    assets = site / "en" / "assets" / "kb" / "search"
    index = index_path(site / "en")  # where this engine's theme reads it
    assert json.loads(index.read_text(encoding="utf-8"))["config"]["lang"] == ["en"]
    assert "EnglishStemmer" in (assets / "stemmers.js").read_text(encoding="utf-8")
    run = """
const fs = require("fs"), vm = require("vm");
const [base, index] = process.argv.slice(1);
const context = { console, URL }; context.self = context;
context.importScripts = (...files) => { for (const f of files) vm.runInContext(fs.readFileSync(f, "utf8"), context); };
vm.createContext(context);
context.kbSearchBase = base;
context.importScripts(base + "worker.js");
context.kbSearch.handle({ type: 0, data: JSON.parse(fs.readFileSync(index, "utf8")) });
process.stdout.write(JSON.stringify(context.kbSearch.search("deleting server")));
"""
    done = subprocess.run([shutil.which("node"), "-e", run, f"{assets}/", str(index)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    locations = [item["location"] for group in json.loads(done.stdout)["items"] for item in group]
    assert locations and locations[0].startswith("#in-english"), locations[:5]  # "deleted", "servers"


def test_its_calculator_answers_in_its_formats(three):
    project, site, _, _ = three
    (data,) = (site / "calc").glob("kbdata.*.json")
    env = dict(os.environ, PYTHONPATH=str(project), KB_TODAY="2026-11-23")
    done = subprocess.run([sys.executable, "-m", "calculators", "--data", str(data), "timeline", "--service",
                           "cloud-pro", "--billing", "hourly", "--event", "2026-11-01", "--lang", "en"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "November 18, 2026" in done.stdout and "PLN12.99" in done.stdout, done.stdout  # CLDR's English
