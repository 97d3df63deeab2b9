"""Collected, positioned kbdata errors: every problem is reported, all at once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Place:
    file: str
    line: int
    column: int

    def __str__(self) -> str:  # line 0: a setting, not a file ("KB_TODAY: …")
        return f"{self.file}:{self.line}:{self.column}" if self.line else self.file


@dataclass(frozen=True, order=True)
class Problem:
    place: Place
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


class Errors:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, place: Place, message: str) -> None:
        self.problems.append(Problem(place, message))

    def __bool__(self) -> bool:
        return bool(self.problems)

    def report(self) -> str:
        lines = [str(p) for p in sorted(set(self.problems))]
        count = len(lines)
        noun = "error" if count == 1 else "errors"
        return "\n".join(lines + [f"{count} {noun}; nothing was built."])


class KbdataError(Exception):
    """Raised once, after validation, with every problem found."""

    def __init__(self, errors: Errors) -> None:
        super().__init__(errors.report())
        self.problems = sorted(set(errors.problems))
