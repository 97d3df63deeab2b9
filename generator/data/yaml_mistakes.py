"""The YAML mistakes authors make, named where they made them and in their words: what a
parser would reject with its own words or a line late (control characters, tabs in the
indentation, merge-conflict markers, nesting deep enough to crash libyaml), and what its
syntax errors usually mean ('key:value' with no space, a quote opened and never closed, an
&anchor given twice)."""

from __future__ import annotations

import re

import yaml

from generator.data.suggest import did_you_mean

CONFLICT = ("<<<<<<<", "=======", ">>>>>>>")


def _hazards(text: str):
    """What YAML would reject with a parser's words, or a line late, named as an author sees it:
    control characters, tabs or non-breaking spaces in the indentation, merge-conflict markers."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(CONFLICT):
            yield number, 1, "a merge-conflict marker: keep one side of the conflict and delete the markers"
            return
        indent = len(line) - len(line.lstrip(" \t\u00a0"))
        for column, char in enumerate(line[:indent], start=1):
            if char != " ":
                name = "a tab" if char == "\t" else "a non-breaking space"
                yield number, column, f"{name} in the indentation: indent with ordinary spaces only"
                return
        for column, char in enumerate(line, start=1):
            if (ord(char) < 32 and char not in "\t\r") or 0x7f <= ord(char) < 0xa0 and char != "\x85":
                yield number, column, (f"an invisible control character (U+{ord(char):04X}): delete it "
                                       f"(pasted text often brings one)")
                return


NO_SPACE = re.compile(r"^\s*(?:- )?[A-Za-z_][\w-]*:(?=[^\s/])")


def _syntax_hint(text: str, line: int) -> tuple[int, int, str] | None:
    """What usually causes a syntax error reported on ``line``, where the author wrote it: a key
    on it or just above written 'key:value' (no space after the colon) or with a non-breaking
    space after it."""
    lines = text.split("\n")
    for number in (line - 1, line):
        if 1 <= number <= len(lines):
            written = lines[number - 1]
            if ":\u00a0" in written:
                return number, written.index(":\u00a0") + 2, "a non-breaking space after ':': type an ordinary space"
            found = NO_SPACE.match(written)
            if found:
                return number, found.end(), "a space is missing after ':' (write 'key: value')"
    return None


def _too_deep(text: str, max_depth: int) -> tuple[int, int] | None:
    """Where nesting passes max_depth levels (flow brackets or block indentation), if anywhere.
    libyaml would recurse that deep and, far enough, crash the process."""
    depth, quote = 0, ""
    for number, line in enumerate(text.split("\n"), start=1):
        if not quote and len(line) - len(line.lstrip(" ")) > 2 * max_depth:
            return number, 1
        for column, char in enumerate(line, start=1):
            if quote:
                if char == quote:
                    quote = ""
            elif char in "'\"" and depth:
                quote = char
            elif char == "#" and (column == 1 or line[column - 2] in " \t"):
                break
            elif char in "[{":
                depth += 1
                if depth > max_depth:
                    return number, column
            elif char in "]}":
                depth = max(0, depth - 1)
    return None


def before_parsing(text: str, max_depth: int) -> tuple[int, int, str] | None:
    """The first mistake the parser would report badly or not survive, if any."""
    for found in _hazards(text):
        return found
    deep = _too_deep(text, max_depth)
    if deep is not None:
        return (*deep, f"nested more than {max_depth} levels deep: a bracket or an indent too many?")
    return None


def syntax_error(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, int, str]:
    """A parser's syntax error as line, column and a message an author understands."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if "duplicate anchor" in f"{exc.context} {exc.problem}" and exc.context_mark and exc.problem_mark:
        name = ANCHOR.match(text.split("\n")[exc.problem_mark.line][exc.problem_mark.column:])
        return line, column, (f"the anchor {name.group(0) if name else '&…'} is defined twice (first on line "
                              f"{exc.context_mark.line + 1}): give one of them another name, and its *aliases with it")
    if "undefined alias" in f"{exc.problem}" and exc.problem_mark:
        alias = ALIAS.match(text.split("\n")[exc.problem_mark.line][exc.problem_mark.column:])
        name = alias.group(0)[1:] if alias else "…"
        above = [a[1:] for a in ANCHOR.findall("\n".join(text.split("\n")[:exc.problem_mark.line]))]
        return line, column, f"the alias *{name} names no anchor &{name} above it{did_you_mean(name, above)}"
    opened = _unclosed_quote(text, line)
    if opened is not None:
        return (*opened, "a quote opened here is not closed on its line: close it, or leave the value unquoted "
                         "(YAML read on to the next quote mark, several lines below)")
    hint = _syntax_hint(text, line)
    if hint is not None:
        return hint
    problem = exc.problem or "invalid YAML"
    context = f" ({exc.context})" if exc.context else ""
    return line, column, f"YAML syntax error: {problem}{context}"


ANCHOR = re.compile(r"&[^\s,\[\]{}]+")
ALIAS = re.compile(r"\*[^\s,\[\]{}]+")
VALUE_QUOTE = re.compile(r"^\s*(?:- +)?(?:[^\s#'\"][^#'\"]*?:\s+)?(['\"])")
KEY_LINE = re.compile(r"^\s*(?:- +)?[A-Za-z_][\w-]*:(\s|$)")


def _unclosed_quote(text: str, line: int) -> tuple[int, int] | None:
    """The line, before the error's, where a quoted value opens and does not close, when the
    lines it swallowed hold keys of their own: no value written by hand spans those."""
    lines = text.split("\n")
    quote, opened = "", None
    for number, written in enumerate(lines[:line], start=1):
        if quote:
            if KEY_LINE.match(written) and opened is not None:
                return opened
            if written.count(quote) % 2:
                quote = ""
            continue
        found = VALUE_QUOTE.match(written)
        if found and written[found.end():].replace(found.group(1) * 2, "").count(found.group(1)) == 0 \
                and (found.group(1) == "'" or not written.rstrip().endswith("\\")):
            quote, opened = found.group(1), (number, found.start(1) + 1)
    return None
