"""What an author probably meant, for a name that matches none of the known ones: the
look-alike letter from another alphabet that makes "сloud-pro" fail, or the closest name."""

from __future__ import annotations

import difflib
import unicodedata
from typing import Iterable


def _lookalikes(value: str) -> str:
    """'the Cyrillic letter 'с' (U+0441)' for the first letter of another script in an ASCII id,
    or the invisible character (a no-break space) that makes it look right and fail."""
    mixed = any(char.isascii() and char.isalpha() for char in value)  # a word in one script is no look-alike
    for char in value:
        if ord(char) > 127 and char.isalpha() and mixed:
            script = unicodedata.name(char, "").split(" ")[0].capitalize() or "non-Latin"
            return f"it contains the {script} letter '{char}' (U+{ord(char):04X}), which only looks like a Latin one"
        if ord(char) > 127 or (ord(char) < 32 and char not in "\n"):
            name = unicodedata.name(char, "a control character").lower()
            return f"it contains U+{ord(char):04X} ({name}), which is easy to miss: delete it"
    return ""


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """' (did you mean 'cloud-pro'?)'-style hint, or '' when nothing is close."""
    choices = list(choices)
    latin = "".join(unicodedata.normalize("NFKD", c)[0] if ord(c) > 127 else c for c in value)
    close = difflib.get_close_matches(value, choices, n=1) or difflib.get_close_matches(latin, choices, n=1)
    odd = _lookalikes(value)
    parts = [odd] if odd else []
    if close:
        parts.append(f"did you mean '{close[0]}'?")
    return f" ({'; '.join(parts)})" if parts else ""
