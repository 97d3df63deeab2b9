"""A page's Jinja syntax error where the author made it, in an author's words.

Jinja reports an unclosed quote where the string it swallowed ends (a line or more below) and a
missing '}}' as the next word it did not expect. Both are visible on the line that opens the
tag: its quote never closes, or its '{{' never does.
"""

from __future__ import annotations

import re

import jinja2

TAG = re.compile(r"\{\{|\{%")
CLOSE = {"{{": "}}", "{%": "%}"}
LOOK_BACK = 30  # lines above the reported one where the tag may have opened (a swallowed string spans them)


def located(body: str, exc: jinja2.TemplateSyntaxError) -> tuple[int, int, str]:
    """(line, column, message) in ``body``, for a syntax error Jinja reported in it."""
    lines = body.split("\n")
    reported = min(max(exc.lineno or 1, 1), len(lines))
    for number in range(reported, max(1, reported - LOOK_BACK) - 1, -1):
        found = _unclosed(lines[number - 1])
        if found is not None:
            return number, found[0], found[1]
    return reported, 1, f"template syntax error: {exc.message}"


def _unclosed(line: str) -> tuple[int, str] | None:
    """The column and words for a tag on ``line`` whose quote or whose braces do not close."""
    for tag in TAG.finditer(line):
        opened, close = tag.group(0), CLOSE[tag.group(0)]
        quote, at, index = "", 0, tag.end()
        while index < len(line):
            char = line[index]
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'":
                quote, at = char, index
            elif line.startswith(close, index):
                break
            index += 1
        if quote:
            return at + 1, (f"a quote opened here is not closed inside {opened} … {close}: close it "
                            f"({quote}…{quote})")
        if index >= len(line):
            return tag.start() + 1, f"'{opened}' opened here is not closed with '{close}' on its line"
    return None
