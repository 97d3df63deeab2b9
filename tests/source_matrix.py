"""The retention matrices of the source article 004 (tests/sources/004_*.txt), read as its
text gives them: the oracle tests/test_source_matrices.py checks the site against.

The text keeps the tables' words but not their column spans. Each row gives the state with
enough funds, then one to three states over the three day columns of "Dni przed odnowieniem"
(the reviewer confirmed the spans in the source's HTML: one state spans all three columns, of
two the first spans two columns: "Serwer Cloud VPS | on | off off | usunięty").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SOURCE = next((Path(__file__).parent / "sources").glob("004_*.txt"))
# The source's words for the states, as the site's kbdata names them (kbdata/states.yaml).
WORDS = {
    "on": "running", "aktywny": "running", "aktywna": "running", "aktywne": "running",
    "podłączony": "running", "podłączone": "running",
    "off": "off", "zarchiwizowany": "archived",
    "dezaktywowany": "deactivated", "dezaktywowana": "deactivated", "dezaktywowane": "deactivated",
    "konto dezaktywowane": "suspended", "rozłączony": "disconnected", "nieaktywny": "inactive",
    "usunięty": "deleted", "usunięta": "deleted", "usunięte": "deleted",
}
# A qualifier the source writes under a state, on its own line: the domain's two periods.
QUALIFIED = {("deactivated", "Redemption Period"): "redemption", ("deactivated", "Deactivation Period"): "deactivated"}
HEADER = re.compile(r"^Dni przed odnowieniem ((?:\S+ ?)+)$")


@dataclass
class Row:
    name: str            # as the source writes it, without "∟ " and "*"
    child: bool          # a sub-row (∟) of the row above
    funded: str          # the state with enough funds
    columns: list[str]   # the state in each day column


@dataclass
class Matrix:
    starts: list[int]    # the first day of each column, counted as the site counts (day 1 = the event)
    rows: list[Row]

    def state(self, row: Row, day: int) -> str:
        return row.columns[max(i for i, start in enumerate(self.starts) if start <= day)]


def _start(bound: str) -> int:
    """A column's first day: "0/7" is days 1 to 7 (the site's day 1 is the source's day 0 and 1), ">17" from day 18."""
    if bound.startswith(">"):
        return int(bound[1:]) + 1
    return max(1, int(bound.split("/")[0]))


def _cells(words: str) -> tuple[str, list[str]]:
    """The row's name and its states, read from the right."""
    cells = []
    while True:
        for word in sorted(WORDS, key=len, reverse=True):
            if words == word or words.endswith(" " + word):
                cells.insert(0, WORDS[word])
                words = words[: -len(word)].rstrip()
                break
        else:
            return words, cells


def _spread(states: list[str], columns: int) -> list[str]:
    """The states over the columns: the first spans what the others leave."""
    assert 1 <= len(states) <= columns, states
    return [states[0]] * (columns - len(states) + 1) + states[1:]


def matrices(text: str | None = None) -> list[Matrix]:
    lines = [line.strip() for line in (text or SOURCE.read_text(encoding="utf-8")).splitlines()]
    found = []
    for i, line in enumerate(lines):
        header = HEADER.match(line)
        if not header:
            continue
        starts = [_start(b) for b in header.group(1).split()]
        assert lines[i + 1].startswith("Stan Środków"), lines[i + 1]
        raw: list[tuple[str, list[str]]] = []
        for row in lines[i + 2:]:
            if not row or row.startswith("*") or row == "Legenda":
                break
            name, cells = _cells(row)
            if not name:  # a state on its own line: the row above goes on
                raw[-1][1].extend(cells)
            elif name.endswith("Period") and not cells and raw:  # the qualifier of the state above
                raw[-1][1][-1] = QUALIFIED[(raw[-1][1][-1], name)]
            else:
                raw.append((name, cells))
        rows = []
        for name, cells in raw:
            assert len(cells) >= 2 and cells[0] == "running", (name, cells)
            rows.append(Row(name.removeprefix("∟ ").rstrip("*"), name.startswith("∟"), cells[0],
                            _spread(cells[1:], len(starts))))
        found.append(Matrix(starts, rows))
    return found
