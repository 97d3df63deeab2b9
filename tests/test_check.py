"""`make check` renders every page as the build does: an edit it passes, the build passes too.

Each case breaks a copy of the project the way an author might (the examples of issue 10 and
more); `make check` must name the place and the problem in seconds. For every case the check
passes, the build must pass as well (the implication the check promises).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from conftest import run_build

pytestmark = pytest.mark.site  # builds a copy of the project


@dataclass(frozen=True)
class Edit:
    id: str
    file: str
    old: str
    new: str
    expect: str | None  # a line the check must print; None: a valid edit, the check passes
    also: tuple[str, str, str] | None = None  # the same mistake in a second file (file, old, new)
    encoding: str = "utf-8"  # how the edited file is saved
    env: tuple[tuple[str, str], ...] = ()  # settings the author's shell has
    alone: bool = False  # the expected line is the only message: one mistake, one message
    crlf: bool = False  # the edited file saved with Windows line ends


BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(9))


EDITS = [
    Edit("jinja-syntax", "docs/ru/articles/funds-exhausted.md", '{{ service_link("dns") }}', '{{ service_link("dns" }}',
         "docs/ru/articles/funds-exhausted.md:167:1: template syntax error: unexpected '}', expected ')'"),
    Edit("jinja-unclosed-quote", "docs/ru/articles/funds-exhausted.md", '{{ service_link("dns") }}',
         '{{ service_link("dns) }}', "docs/ru/articles/funds-exhausted.md:167:40: a quote opened here is not closed "
         'inside {{ … }}: close it ("…")', alone=True),  # Jinja said line 171, where the string it swallowed ended
    Edit("jinja-unclosed-braces", "docs/ru/articles/funds-exhausted.md", '{{ service_link("dns") }}',
         '{{ service_link("dns") ', "docs/ru/articles/funds-exhausted.md:167:24: '{{' opened here is not closed "
         "with '}}' on its line", alone=True),
    Edit("unknown-id-one-language", "docs/pl/articles/funds-exhausted.md", '{{ service_link("dns") }}',
         '{{ service_link("dnss") }}', "docs/pl/articles/funds-exhausted.md:172:1: unknown service 'dnss'"),
    Edit("look-alike-letter-in-an-id", "docs/ru/articles/funds-exhausted.md", '{{ service_link("dns") }}',
         '{{ service_link("dnс") }}', "docs/ru/articles/funds-exhausted.md:167:1: unknown service 'dnс' (it contains "
         "the Cyrillic letter 'с' (U+0441), which only looks like a Latin one; did you mean 'dns'?)"),
    Edit("unknown-macro", "docs/ru/articles/paid-services.md", "{{ formula() }}", "{{ fromula() }}",
         "docs/ru/articles/paid-services.md:100:1: 'fromula' is undefined (did you mean 'formula'?)"),
    Edit("engine-variable", "docs/ru/articles/lms-renewal.md", "Всё зависит", "{{ page.title }} Всё зависит",
         "docs/ru/articles/lms-renewal.md:8:1: 'page' is undefined: 'page' belongs to the MkDocs macros plugin, "
         "which this KB does not use; an article calls the KB's macros only", alone=True),
    Edit("wrong-arguments", "docs/ru/articles/lms-renewal.md", '{{ kb_list("server-3kl-losses") }}', "{{ kb_list() }}",
         "docs/ru/articles/lms-renewal.md:75:1: a macro was called wrongly"),
    Edit("bad-option", "docs/ru/articles/funds-exhausted.md", '{{ service_link("cloud-vps", "lower") }}',
         '{{ service_link("cloud-vps", "upper") }}',
         "docs/ru/articles/funds-exhausted.md:53:1: service_link: case must be \"lower\" or left out, got 'upper'"),
    Edit("expression-fails", "docs/ru/articles/lms-renewal.md", "Всё зависит", "{{ 1/0 }} Всё зависит",
         "docs/ru/articles/lms-renewal.md:8:1: the page's template failed: ZeroDivisionError: division by zero",
         alone=True),
    Edit("macro-argument-by-name", "docs/ru/articles/lms-renewal.md", '{{ kb_list("server-3kl-losses") }}',
         '{{ kb_list(name="server-3kl-losses") }}', "docs/ru/articles/lms-renewal.md:75:1: a macro was called "
         "wrongly: kb_list() takes its arguments in order (list_id), not by name (name=…)"),
    Edit("engine-settings-yaml", "engine.yml", "use_directory_urls: true\n", "use_directory_urls: true\n  bad: [indent\n",
         "engine.yml:7:6: YAML syntax: mapping values are not allowed here", alone=True),
    Edit("engine-unknown-extension", "engine.yml", "  - admonition\n", "  - admonitionz\n",
         "engine.yml:40:5: Markdown extension 'admonitionz' cannot be loaded: No module named 'admonitionz'", alone=True),
    Edit("theme-syntax", "overrides/main.html", '{% extends "base.html" %}\n', '{% extends "base.html" %}\n{% if %}\n',
         "overrides/main.html:2:1: template syntax error: Expected an expression, got 'end of statement block'",
         alone=True),
    Edit("matrix-off-for-a-shown-group", "kbdata/services.yaml", "    columns: [0, 30, 70]\n",
         "    columns: [0, 30, 70]\n    matrix: false\n",
         "docs/ru/articles/funds-exhausted.md:263:1: group 'fpl-yearly' has no retention matrix (matrix: false)"),
    Edit("only-rate-in-the-future", "kbdata/prices.yaml", "effective: 2025-07-19", "effective: 2099-07-19",
         "kbdata/prices.yaml:24:16: no rate is in force on 2026-11-23 (the build's date): the first takes effect "
         "on 2099-07-19", alone=True),
    Edit("huge-period", "kbdata/retention/fpl.yaml", "    - state: archived\n      after: 7\n",
         "    - state: archived\n      after: 3000000\n",
         "kbdata/retention/fpl.yaml:56:14: after must be at most 3650, got 3000000"),
    Edit("hours-with-32-digits", "kbdata/prices.yaml", "hours: 20\n", "hours: 20000000000000000000000000000000\n",
         "kbdata/prices.yaml:55:12: hours must be below 1 000 000 000, got 20000000000000000000000000000000"),
    Edit("unknown-placeholder", "kbdata/strings/ru.yaml", '  updated: "Обновлено: {date}"',
         '  updated: "Обновлено: {date}, {author}"', "kbdata/strings/ru.yaml:23:12: string 'frame.updated' uses {author}",
         also=("kbdata/strings/pl.yaml", '  updated: "Ostatnia aktualizacja: {date}"',
               '  updated: "Ostatnia aktualizacja: {date}, {author}"')),
    # never a traceback, never a hang: encodings, pasted characters, sizes, settings
    Edit("article-in-windows-1251", "docs/ru/articles/lms-renewal.md", "Всё зависит", "Всё зависит",
         "docs/ru/articles/lms-renewal.md:7:3: the file is not UTF-8 text (it looks like Windows-1251): save it as UTF-8",
         encoding="cp1251"),
    Edit("control-character-in-a-note", "kbdata/retention/fpl.yaml", "Сервер заархивирован", "Сервер \x07заархивирован",
         "kbdata/retention/fpl.yaml:59:18: an invisible control character (U+0007)"),
    Edit("tab-in-indentation", "kbdata/lists.yaml", "  - ru: к обновлениям;", "\t- ru: к обновлениям;",
         "kbdata/lists.yaml:8:1: a tab in the indentation"),
    Edit("non-breaking-space-in-indentation", "kbdata/lists.yaml", "  - ru: к обновлениям;", "\u00a0 - ru: к обновлениям;",
         "kbdata/lists.yaml:8:1: a non-breaking space in the indentation"),
    Edit("merge-conflict", "kbdata/lists.yaml", "  - ru: к обновлениям;\n",
         "<<<<<<< HEAD\n  - ru: к обновлениям;\n=======\n  - ru: обновлениям\n>>>>>>> theirs\n",
         "kbdata/lists.yaml:8:1: a merge-conflict marker"),
    Edit("nested-100000-deep", "kbdata/lists.yaml", "server-3kl-losses:\n",
         "deep: " + "[" * 100_000 + "]" * 100_000 + "\nserver-3kl-losses:\n", "kbdata/lists.yaml:5:71: nested more than 64"),
    Edit("alias-bomb", "kbdata/lists.yaml", "server-3kl-losses:\n", BOMB + "server-3kl-losses:\n",
         "kbdata/lists.yaml:5:1: aliases (*name) repeat entries"),
    Edit("malformed-kb-today", "kbdata/site.yaml", "languages:", "languages:",
         "KB_TODAY: KB_TODAY='2026-13-01' is not a date like 2026-11-24", env=(("KB_TODAY", "2026-13-01"),)),
    # an article's front matter has a schema too (kbdata/schema/article.schema.json)
    Edit("front-matter-misspelt-field", "docs/pl/articles/lms-renewal.md", "kb_group:", "kb_grup:",
         "docs/pl/articles/lms-renewal.md:3:1: unknown field 'kb_grup' in front matter (expected one of: description, "
         "kb_covers, kb_group, kb_id, kb_services, kb_updated, title) (did you mean 'kb_group'?)", alone=True),
    Edit("front-matter-date-as-written-in-russia", "docs/ru/articles/lms-renewal.md", "kb_updated: 2025-10-28",
         "kb_updated: 28.10.2025", "docs/ru/articles/lms-renewal.md:4:13: kb_updated must be a real date written "
         "YYYY-MM-DD, e.g. 2025-07-19; got 28.10.2025", alone=True),
    Edit("front-matter-unknown-group", "docs/ru/articles/lms-renewal.md", "kb_group: lms", "kb_group: lsm",
         "docs/ru/articles/lms-renewal.md:3:11: kb_group must be one of cloud, lms, paid; got lsm (did you mean 'lms'?)"),
    # links an author writes: the engine's strict build refuses a broken one, so the check does
    Edit("link-to-a-misspelt-page", "docs/ru/articles/lms-renewal.md", "Всё зависит", "[статью](funds-exhaustd.md) Всё зависит",
         "docs/ru/articles/lms-renewal.md:8:10: the link 'funds-exhaustd.md' leads to no page (did you mean "
         "'funds-exhausted.md'?)", alone=True),
    Edit("link-to-a-missing-anchor", "docs/pl/articles/lms-renewal.md", "## Wersja", "[x](funds-exhausted.md#dnss)\n\n## Wersja",
         "docs/pl/articles/lms-renewal.md:26:5: the link 'funds-exhausted.md#dnss': articles/funds-exhausted.md has no "
         "anchor 'dnss' (did you mean 'dns'?)", alone=True),
    Edit("link-from-the-site-root", "docs/ru/articles/lms-renewal.md", "Всё зависит", "[цены](/ru/prices/) Всё зависит",
         "docs/ru/articles/lms-renewal.md:8:8: the link '/ru/prices/' starts at the site's root", alone=True),
    Edit("link-to-a-page-address", "docs/ru/articles/lms-renewal.md", "Всё зависит", "[DNS](../services/dns/) Всё зависит",
         "docs/ru/articles/lms-renewal.md:8:7: the link '../services/dns/' names a page's address: link to its file, "
         "../services/dns.md", alone=True),
    Edit("image-not-beside-the-pages", "docs/ru/articles/lms-renewal.md", "Всё зависит", "![схема](img/scheme.png) Всё зависит",
         "docs/ru/articles/lms-renewal.md:8:10: the link 'img/scheme.png' leads to no page and no file beside the pages",
         alone=True),
    Edit("link-with-a-space", "docs/ru/articles/lms-renewal.md", "Всё зависит", "[x](lms renewal.md) Всё зависит",
         "docs/ru/articles/lms-renewal.md:8:5: the link 'lms renewal.md' leads to no page (did you mean "
         "'lms-renewal.md'?)", alone=True),
    Edit("reference-link-to-a-misspelt-page", "docs/ru/articles/lms-renewal.md", "Всё зависит",
         "[x][ref]\n\n[ref]: lms-renewl.md\n\nВсё зависит", "docs/ru/articles/lms-renewal.md:10:8: the link "
         "'lms-renewl.md' leads to no page (did you mean 'lms-renewal.md'?)", alone=True),
    Edit("valid-link-shown-as-code", "docs/ru/articles/lms-renewal.md", "Всё зависит", "`[x](nope.md)` Всё зависит", None),
    Edit("anchor-not-in-ascii", "docs/ru/articles/lms-renewal.md", "{#saas}", "{#калькулятор}",
         "docs/ru/articles/lms-renewal.md:24:1: an anchor is a lower-case ASCII id alone, like {#section-id}; got "
         "{#калькулятор}", alone=True),
    Edit("valid-links", "docs/ru/articles/lms-renewal.md", "Всё зависит",
         "[DNS](funds-exhausted.md#dns), [цены](../prices.md#content), [выше](#saas). Всё зависит", None),
    # anchors and comments in an article
    Edit("anchor-typo-in-the-first-language", "docs/ru/articles/lms-renewal.md", "{#saas}", "{#sas}",
         "docs/ru/articles/lms-renewal.md:24:1: the section anchor 'sas' is 'saas' in docs/pl/articles/lms-renewal.md:26",
         alone=True),
    Edit("anchor-with-more-than-an-id", "docs/ru/articles/lms-renewal.md", "{#saas}", "{#SaaS version}",
         "docs/ru/articles/lms-renewal.md:24:1: an anchor is a lower-case ASCII id alone, like {#section-id}; got "
         "{#SaaS version}", alone=True),
    Edit("anchor-that-is-a-table-rows-id", "docs/ru/articles/funds-exhausted.md", "{#monitoring-plans-paid}",
         "{#cloud-pro}", "docs/ru/articles/funds-exhausted.md:185:22: the anchor 'cloud-pro' is also the id of "
         "something else on this page",
         also=("docs/pl/articles/funds-exhausted.md", "{#monitoring-plans-paid}", "{#cloud-pro}")),
    Edit("jinja-comment-that-is-an-anchor-here", "docs/ru/articles/lms-renewal.md", "Всё зависит",
         "{# заметка для редактора #} Всё зависит", "docs/ru/articles/lms-renewal.md:8:1: '{# … #}' is not a "
         "comment in these pages", alone=True),
    Edit("valid-windows-line-ends", "docs/ru/articles/lms-renewal.md", "Всё зависит", "Всё зависит", None, crlf=True),
    Edit("valid-byte-order-mark", "docs/pl/articles/lms-renewal.md", "---\nkb_id", "\ufeff---\nkb_id", None),
    Edit("valid-hours-change", "kbdata/prices.yaml", "hours: 20\n", "hours: 22\n", None),
    Edit("valid-new-support-email", "kbdata/site.yaml", "    email: sp-other@opentechnology.ru\n  paid:",
         "    email: lms@example.com\n  paid:", None),
]


def apply(project, edit: Edit) -> None:
    for file, old, new in [(edit.file, edit.old, edit.new), *([edit.also] if edit.also else [])]:
        path = project / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{edit.id}: the sample no longer has the text to change"
        text = text.replace(old, new, 1)
        path.write_bytes(text.replace("\n", "\r\n" if edit.crlf else "\n").encode(edit.encoding, errors="ignore"))


@pytest.mark.parametrize("edit", EDITS, ids=lambda e: e.id)
def test_check_passes_only_what_the_build_passes(project_copy, edit: Edit, monkeypatch):
    for name, value in edit.env:
        monkeypatch.setenv(name, value)
    apply(project_copy, edit)
    checked = run_build(project_copy, "--check")
    if edit.expect is not None:
        assert checked.returncode == 1, checked.stdout
        lines = checked.stderr.splitlines()
        assert any(line.startswith(edit.expect) for line in lines), checked.stderr
        assert "Traceback" not in checked.stderr
        assert lines[-1].endswith("nothing was built.")
        assert not edit.alone or lines[-1] == "1 error; nothing was built.", checked.stderr
        return
    assert checked.returncode == 0, checked.stderr
    built = run_build(project_copy)
    assert built.returncode == 0, built.stderr



def test_what_an_editor_leaves_beside_an_article_is_neither_an_error_nor_published(project_copy, tmp_path):
    """Backups (name~, #name#), Emacs' lock (a dangling .#name link) and vim's write test (4913)."""
    articles = project_copy / "docs" / "pl" / "articles"
    draft = (articles / "lms-renewal.md").read_text(encoding="utf-8")
    (articles / "funds-exhausted.md~").write_text(draft, encoding="utf-8")
    (articles / "#lms-renewal.md#").write_text(draft, encoding="utf-8")
    (articles / ".#lms-renewal.md").symlink_to("root@host.1234:1700000000")
    (articles / "4913").write_text("", encoding="utf-8")
    (project_copy / "overrides" / "main.html~").write_text("{% if %}", encoding="utf-8")
    checked = run_build(project_copy, "--check")
    assert checked.returncode == 0, checked.stderr
    staged = run_build(project_copy, "--stage-to", str(tmp_path / "stage"))
    assert staged.returncode == 0, staged.stderr
    left = sorted(p.name for p in (tmp_path / "stage").rglob("*") if p.name in ("funds-exhausted.md~", "#lms-renewal.md#",
                                                                             ".#lms-renewal.md", "4913", "main.html~"))
    assert not left, left
