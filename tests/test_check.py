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


EDITS = [
    Edit("jinja-syntax", "docs/ru/articles/funds-exhausted.md", '{{ service_link("dns") }}', '{{ service_link("dns" }}',
         "docs/ru/articles/funds-exhausted.md:162:1: template syntax error: unexpected '}', expected ')'"),
    Edit("unknown-id-one-language", "docs/pl/articles/funds-exhausted.md", '{{ service_link("dns") }}',
         '{{ service_link("dnss") }}', "docs/pl/articles/funds-exhausted.md:167:1: unknown service 'dnss'"),
    Edit("unknown-macro", "docs/ru/articles/paid-services.md", "{{ formula() }}", "{{ fromula() }}",
         "docs/ru/articles/paid-services.md:87:1: 'fromula' is undefined (did you mean formula?)"),
    Edit("wrong-arguments", "docs/ru/articles/lms-renewal.md", '{{ kb_list("server-3kl-losses") }}', "{{ kb_list() }}",
         "docs/ru/articles/lms-renewal.md:66:1: a macro was called wrongly"),
    Edit("bad-option", "docs/pl/articles/funds-exhausted.md", '{{ service_link("cloud-vps", "lower") }}',
         '{{ service_link("cloud-vps", "upper") }}',
         "docs/pl/articles/funds-exhausted.md:50:1: service_link: case must be \"lower\" or left out, got 'upper'"),
    Edit("matrix-off-for-a-shown-group", "kbdata/services.yaml", "    columns: [0, 30, 70]\n",
         "    columns: [0, 30, 70]\n    matrix: false\n",
         "docs/ru/articles/funds-exhausted.md:258:1: group 'fpl-yearly' has no retention matrix (matrix: false)"),
    Edit("only-rate-in-the-future", "kbdata/prices.yaml", "effective: 2025-07-19", "effective: 2099-07-19",
         "docs/ru/articles/paid-services.md:95:1: no norm-hour rate is in force on"),
    Edit("huge-period", "kbdata/retention/fpl.yaml", "    - state: archived\n      after: 7\n",
         "    - state: archived\n      after: 3000000\n",
         "kbdata/retention/fpl.yaml:53:14: after (days) must be at most 3650, got 3000000"),
    Edit("hours-with-32-digits", "kbdata/prices.yaml", "hours: 20\n", "hours: 20000000000000000000000000000000\n",
         "kbdata/prices.yaml:55:12: hours must be below 1 000 000 000 with at most 4 decimals"),
    Edit("unknown-placeholder", "kbdata/strings/ru.yaml", '  updated: "Обновлено: {date}"',
         '  updated: "Обновлено: {date}, {author}"', "kbdata/strings/ru.yaml:21:12: string 'frame.updated' uses {author}",
         also=("kbdata/strings/pl.yaml", '  updated: "Ostatnia aktualizacja: {date}"',
               '  updated: "Ostatnia aktualizacja: {date}, {author}"')),
    Edit("valid-hours-change", "kbdata/prices.yaml", "hours: 20\n", "hours: 22\n", None),
    Edit("valid-new-support-email", "kbdata/site.yaml", "  lms:\n", "  lms:\n    email: lms@example.com\n", None),
]


def apply(project, edit: Edit) -> None:
    for file, old, new in [(edit.file, edit.old, edit.new), *([edit.also] if edit.also else [])]:
        path = project / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{edit.id}: the sample no longer has the text to change"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("edit", EDITS, ids=lambda e: e.id)
def test_check_passes_only_what_the_build_passes(project_copy, edit: Edit):
    apply(project_copy, edit)
    checked = run_build(project_copy, "--check")
    if edit.expect is not None:
        assert checked.returncode == 1, checked.stdout
        lines = checked.stderr.splitlines()
        assert any(line.startswith(edit.expect) for line in lines), checked.stderr
        assert "Traceback" not in checked.stderr
        assert lines[-1].endswith("nothing was built.")
        return
    assert checked.returncode == 0, checked.stderr
    built = run_build(project_copy)
    assert built.returncode == 0, built.stderr
