"""engine.yml, the engine settings every language shares (theme, features, Markdown
extensions): the rendering reads its Markdown extensions to read links as the engine will,
the site stage adds each language's part to it for the engine."""

from __future__ import annotations

from typing import Any

import yaml

from generator import ROOT
from generator.data.errors import Errors, KbdataError, Place

FILE = "engine.yml"


def engine_settings() -> dict[str, Any]:
    """engine.yml as it is: what every engine is given for every language."""
    try:
        settings = yaml.safe_load((ROOT / FILE).read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise engine_problem(None, f"YAML syntax: {exc.problem or exc.context}",
                             (mark.line + 1, mark.column + 1) if mark else (1, 1)) from None
    if not isinstance(settings, dict) or not isinstance(settings.get("markdown_extensions", []), list):
        raise engine_problem(None, "engine.yml is a mapping of the engine's settings, with markdown_extensions a list")
    return settings


def engine_problem(needle: str | None, message: str, at: tuple[int, int] | None = None) -> KbdataError:
    """A mistake in engine.yml, placed at ``at`` or at the first line that holds ``needle``."""
    if at is None:
        lines = (ROOT / FILE).read_text(encoding="utf-8").splitlines()
        found = next(((i + 1, line.index(needle) + 1) for i, line in enumerate(lines) if needle and needle in line), None)
        at = found or (1, 1)
    errors = Errors()
    errors.add(Place(FILE, *at), message)
    return KbdataError(errors)
