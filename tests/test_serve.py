"""`make serve` as an author uses it: a page open in Chromium follows every edit by itself (an
article's text, a retention period, a UI string), a broken edit shows its file:line:column on
the open page, and the page comes back once the edit is fixed. Speed is `make bench`'s
(bench/edit_loop.py), not this test's: the waits here only bound a hang."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import free_port
from generator.search import index_path

pytestmark = pytest.mark.browser

ARTICLE = "docs/ru/articles/funds-exhausted.md"
ANSWER_WAIT = 60  # seconds: a rebuild takes about one


@pytest.fixture
def served(project_copy: Path):
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(project_copy))
    process = subprocess.Popen([sys.executable, "-m", "generator.site.serve", "--port", str(port)], cwd=project_copy,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "ru/", timeout=2).read()
            break
        except OSError:
            assert process.poll() is None, process.stdout.read()
            time.sleep(0.3)
    yield project_copy, base
    process.terminate()
    output = process.communicate(timeout=30)[0]
    print(output)


def text_of(page) -> str:
    """The page's text, or "" while it reloads."""
    try:
        return page.evaluate("document.body ? document.body.innerText : ''")
    except Exception:  # the page is navigating: its context went away
        return ""


def wait_for(page, condition, what: str) -> str:
    deadline = time.monotonic() + ANSWER_WAIT
    while time.monotonic() < deadline:
        text = text_of(page)
        if condition(text):
            return text
        time.sleep(0.05)
    raise AssertionError(f"the open page never showed {what}; it shows:\n{text_of(page)[:2000]}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_open_page_follows_every_edit_and_shows_a_broken_one(served, browser):
    project, base = served
    page = browser.new_context().new_page()
    page.goto(base + "ru/articles/funds-exhausted/")
    assert "Средств недостаточно" in text_of(page)

    # An article's text: that page, reloaded.
    edit(project / ARTICLE, "Когда на счёте заканчиваются средства", "Когда на счёте ПРОВЕРКА заканчиваются средства")
    wait_for(page, lambda text: "ПРОВЕРКА" in text, "the edited sentence")
    # Its search index follows a moment later, once the open pages have reloaded.
    index, deadline = index_path(project / ".serve" / "site" / "ru"), time.monotonic() + ANSWER_WAIT
    while "ПРОВЕРКА" not in index.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, "the search index never took the edited sentence"
        time.sleep(0.1)

    # A UI string: the matrices' first column heading.
    edit(project / "kbdata" / "strings" / "ru.yaml", "matrix:\n  service: Услуга\n", "matrix:\n  service: Услуга СТРОКА\n")
    wait_for(page, lambda text: "Услуга СТРОКА" in text, "the edited UI string")

    # A retention period: the service's phases move a day earlier on the page.
    policy = project / "kbdata" / "retention" / "fpl.yaml"
    original = policy.read_text(encoding="utf-8")
    assert "after: 7" in original
    shown = text_of(page)
    edit(policy, "after: 7", "after: 6")
    wait_for(page, lambda text: text and text != shown and "ПРОВЕРКА" in text, "the new retention period")

    # A broken edit: its place on the open page, then the page back once it is fixed.
    edit(policy, "after: 6", "after: -3")
    wait_for(page, lambda text: "kbdata/retention/fpl.yaml:" in text and "got -3" in text, "the error's place")
    assert page.locator("pre.kb-build-errors[role=alert]").count() == 1
    policy.write_text(original, encoding="utf-8")
    wait_for(page, lambda text: "got -3" not in text and "ПРОВЕРКА" in text, "the page back after the fix")
    assert page.locator("pre.kb-build-errors").count() == 0
    page.context.close()


def build_status(base: str) -> dict:
    import json
    with urllib.request.urlopen(base + "__kb_build", timeout=5) as answer:
        return json.load(answer)


def wait_status(base: str, condition, what: str) -> dict:
    deadline = time.monotonic() + ANSWER_WAIT
    while time.monotonic() < deadline:
        try:
            status = build_status(base)
        except OSError:  # starting again
            status = None
        if status is not None and condition(status):
            return status
        time.sleep(0.1)
    raise AssertionError(f"serve never showed {what}; it says {status}")


def test_serve_outlives_what_breaks_a_build_and_comes_back(served):
    """A failing expression in an article, a syntax error in the generator's own code (serve
    would start itself again into a process that cannot start), an editor's backup files."""
    project, base = served
    article = project / "docs" / "ru" / "articles" / "lms-renewal.md"
    started = build_status(base)
    edit(article, "Всё зависит", "{{ 1/0 }} Всё зависит")
    wait_status(base, lambda s: "lms-renewal.md:8:1: the page's template failed: ZeroDivisionError" in (s["errors"] or ""),
                "the failing expression, located")
    edit(article, "{{ 1/0 }} Всё зависит", "Всё зависит")
    wait_status(base, lambda s: s["errors"] is None, "the page back")

    code = project / "generator" / "data" / "suggest.py"
    original = code.read_text(encoding="utf-8")
    code.write_text(original + "\ndef broken(:\n", encoding="utf-8")
    wait_status(base, lambda s: "the edited code does not load" in (s["errors"] or ""), "the code's problem")
    assert urllib.request.urlopen(base + "ru/", timeout=5).status == 200  # the last good site, still served
    code.write_text(original, encoding="utf-8")
    back = wait_status(base, lambda s: s["server"] != started["server"] and s["errors"] is None, "serve started again")

    (article.parent / "lms-renewal.md~").write_text("a backup", encoding="utf-8")
    (article.parent / ".#lms-renewal.md").symlink_to("root@host.1:1")
    time.sleep(1)
    assert build_status(base)["build"] == back["build"], "an editor's backup started a build"
