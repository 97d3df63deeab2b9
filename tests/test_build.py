"""`make build` / `make check` as a KB author meets them: a typo stops the build with a message
that names the place, and the previously built site stays exactly as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_build

pytestmark = pytest.mark.site


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def built_copy(project_copy: Path) -> tuple[Path, Path, dict[str, bytes]]:
    site = project_copy / "site"
    result = run_build(project_copy)
    assert result.returncode == 0, result.stderr
    return project_copy, site, snapshot(site)


def break_file(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_kbdata_typo_stops_the_build_and_keeps_the_old_site(built_copy):
    project, site, before = built_copy
    break_file(project / "kbdata/retention/fpl.yaml", "      from: archived\n", "      from: archivd\n")
    break_file(project / "kbdata/prices.yaml", "    hours: 64\n", "    hours: sixty-four\n")
    result = run_build(project)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert any(l.startswith("kbdata/retention/fpl.yaml:") and "'from: archivd' must name an earlier phase" in l
               for l in lines), result.stderr
    assert any(l.startswith("kbdata/prices.yaml:") and "got sixty-four" in l for l in lines), result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(site) == before
    assert not list(project.glob(".site.*")), "no temporary build folder may be left behind"


def test_check_reports_without_building(built_copy):
    project, site, before = built_copy
    break_file(project / "kbdata/services.yaml", "policy: monthly-off\n", "policy: monthly-of\n")
    result = run_build(project, "--check")
    assert result.returncode == 1
    assert "points to policy 'monthly-of'" in result.stderr
    assert snapshot(site) == before


def test_article_in_one_language_only_is_refused(built_copy):
    project, site, before = built_copy
    (project / "docs/pl/articles/lms-renewal.md").unlink()
    result = run_build(project)
    assert result.returncode == 1
    assert ("docs/pl/articles/lms-renewal.md:1:1: the article exists in ru but not in pl: "
            "every article needs every language") in result.stderr
    assert snapshot(site) == before


def test_unknown_id_in_an_article_names_the_page_and_keeps_the_old_site(built_copy):
    project, site, before = built_copy
    break_file(project / "docs/ru/articles/funds-exhausted.md", 'retention_matrix("fpl-usage")',
               'retention_matrix("fpl-usages")')
    result = run_build(project)
    assert result.returncode == 1
    assert "articles/funds-exhausted.md" in result.stderr
    assert "unknown group 'fpl-usages'" in result.stderr
    assert snapshot(site) == before


def test_a_build_without_the_sites_address_stops_and_says_how(project_copy):
    """Without KB_SITE_URL canonical links, the sitemap and instant navigation would name an
    address the site is not served at: the build stops before writing anything."""
    for value, why in (("", "is not set"), ("kb.example.com", "must start with https://"),
                       ("ftp://kb.example.com/", "must start with https://"), ("https://kb.example.com/?x=1", "query"),
                       ("https://kb.example.com/help/index.html", "a page's address"),
                       ("https://kb.example.com:99999/", "port"), ("https://kb.example.com:0/", "port"),
                       ("https://agent:secret@kb.example.com/", "password"), ("https://kb.example.com/a b/", "spaces"),
                       ('https://kb.example.com/kb/"><script>', "must not contain '\"'"),
                       ("https://kb.example.com/{kb}/", "must not contain '{'")):
        env = dict(os.environ, KB_SITE_URL=value, PYTHONPATH=str(project_copy))
        result = subprocess.run([sys.executable, "-m", "generator.site.build"], cwd=project_copy, env=env,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 2, value
        assert why in result.stderr, (value, result.stderr)
        assert "KB_SITE_URL=https://kb.example.com/help/ make build" in result.stderr
        assert "Traceback" not in result.stderr
        assert not (project_copy / "site").exists()


def test_the_same_tree_and_day_build_the_same_bytes(project_copy, monkeypatch):
    """Reproducible builds: two builds of one tree on one KB_TODAY are byte-identical, the
    runtime's Python library included (built afresh for each: the runtime cache is emptied)."""
    from conftest import ROOT
    cache = project_copy / ".cache"
    cache.unlink()  # a private cache: the shared one keeps other tests' runtimes
    (cache / "runtime").mkdir(parents=True)
    for kept in ("compressed",):  # compressed Pyodide files: content-addressed, the same either way
        (cache / kept).symlink_to(ROOT / ".cache" / kept, target_is_directory=True)
    for folder in (ROOT / ".cache" / "runtime").glob("pyodide-*"):
        (cache / "runtime" / folder.name).symlink_to(folder, target_is_directory=True)
    monkeypatch.setenv("KB_TODAY", "2026-11-23")
    sites = []
    for n in (1, 2):
        for calc in (cache / "runtime").glob("calc-*"):
            shutil.rmtree(calc)
        out = project_copy / f"site{n}"
        done = run_build(project_copy, "--site-dir", str(out))
        assert done.returncode == 0, done.stderr
        sites.append(out)
    first, second = snapshot(sites[0]), snapshot(sites[1])
    assert first.keys() == second.keys()
    differ = sorted(str(p) for p in first if first[p] != second[p])
    assert not differ, differ[:20]
    assert any(p.endswith("/python_stdlib.zip") for p in first)


def test_a_site_folder_the_build_did_not_make_is_never_replaced(project_copy, tmp_path):
    """The build replaces its output folder whole: a deploy script's wrong --site-dir (another
    site's folder, the project itself) is refused before anything is built, and left as it was."""
    other = tmp_path / "www"
    (other / "other-site").mkdir(parents=True)
    (other / "other-site" / "index.html").write_text("theirs", encoding="utf-8")
    for target, words in ((other, "is not empty and was not made by this build"),
                          (project_copy, "contains the project itself"),
                          (project_copy / "overrides" / "new", "is inside overrides/, which the build reads"),
                          (project_copy / "kbdata" / "site.yaml", "is a file, not a folder")):
        result = run_build(project_copy, "--site-dir", str(target))
        assert result.returncode == 2 and words in result.stderr, result.stderr
    assert (other / "other-site" / "index.html").read_text(encoding="utf-8") == "theirs"
    assert (project_copy / "kbdata" / "site.yaml").is_file()
    # An empty folder, or one this build made, is the build's to replace.
    empty = tmp_path / "empty"
    empty.mkdir()
    for _ in range(2):
        result = run_build(project_copy, "--site-dir", str(empty))
        assert result.returncode == 0, result.stderr
    assert (empty / ".kb-build").is_file() and (empty / "ru" / "index.html").is_file()


def test_an_unknown_engine_is_named_with_the_choices(project_copy, monkeypatch):
    monkeypatch.setenv("KB_ENGINE", "hugo")
    result = run_build(project_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "KB_ENGINE='hugo' is not an engine this project builds with; choose one of: mkdocs, properdocs, zensical" \
        in result.stderr


def test_everything_built_is_readable_by_the_web_servers_user(project_copy, tmp_path):
    """nginx reads the site as its own user: a strict umask (or a runtime cache written under
    one) must not publish a file it answers 403 for."""
    out = tmp_path / "site"
    env = dict(os.environ, PYTHONPATH=str(project_copy))
    result = subprocess.run(["bash", "-c", f'umask 077 && exec "{sys.executable}" -m generator.site.build --site-dir "{out}"'],
                            cwd=project_copy, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    closed = [p for p in [out, *out.rglob("*")]
              if p.stat().st_mode & (0o555 if p.is_dir() else 0o444) != (0o555 if p.is_dir() else 0o444)]
    assert not closed, closed[:5]
    assert (out / "pyodide").is_dir() and (out / "ru" / "index.html").is_file()
