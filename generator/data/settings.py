"""engine.yml, the engine settings every language shares (theme, features, Markdown
extensions): the rendering reads its Markdown extensions to read links as the engine will,
the site stage adds each language's part to it for the engine."""

from __future__ import annotations

from typing import Any

import yaml

from generator import ROOT


def engine_settings() -> dict[str, Any]:
    """engine.yml as it is: what every engine is given for every language."""
    return yaml.safe_load((ROOT / "engine.yml").read_text(encoding="utf-8"))
