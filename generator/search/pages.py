"""What search finds, read from the built pages: each page, its sections and its table rows.

A page becomes one document per heading with an id (the page itself for the part before the
first subheading) and one per table row with an id, so that a result points at the section
or the row (row anchors). Text is plain and readable: table cells are separate words, a row
reads "column: value · column: value" (and is not repeated in its section's text); the
calculators' forms, permalink signs and hidden decorations are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# kb-frame: breadcrumbs, update date, short link, related articles, contact (generator/rendering/helpcentre.py)
SKIPPED_CLASSES = {"kb-calc", "headerlink", "kb-sub", "kb-frame"}
SKIPPED_TAGS = {"script", "style", "svg", "form", "button", "select", "noscript", "template"}
BLOCKS = {"p", "div", "li", "ul", "ol", "table", "tr", "td", "th", "br", "h1", "h2", "h3", "h4", "h5", "h6",
          "section", "details", "summary", "blockquote", "pre", "dd", "dt", "caption"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
VOID = {"br", "img", "input", "hr", "meta", "link", "wbr", "col", "source"}
SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    return SPACES.sub(" ", text).strip()


@dataclass
class Doc:
    anchor: str      # "" for the page itself
    title: str
    parts: list[str] = field(default_factory=list)
    keys: str = ""   # ids a reader or an agent may type: the service id, the row's id
    rows: list["Doc"] = field(default_factory=list)

    @property
    def text(self) -> str:
        return clean("".join(self.parts))


@dataclass
class Table:
    header: list[list[tuple[int, int, str]]] = field(default_factory=list)  # per row: (column, span, text)
    grid: dict[tuple[int, int], bool] = field(default_factory=dict)        # header cells taken by rowspans
    in_head: bool = False
    labels: list[list[str]] = field(default_factory=list)

    def column_labels(self) -> list[list[str]]:
        """Per column, the header texts above it, top to bottom."""
        width = max((col + span for row in self.header for col, span, _ in row), default=0)
        labels: list[list[str]] = [[] for _ in range(width)]
        for row in self.header:
            for col, span, text in row:
                for c in range(col, col + span):
                    if text and text not in labels[c]:
                        labels[c].append(text)
        return labels


def span_of(value: str | None) -> int:
    """A colspan or rowspan as browsers read it: a whole number from 1 to 1000, else 1."""
    try:
        return min(max(int(value or 1), 1), 1000)
    except ValueError:
        return 1


def label_of(columns: list[list[str]]) -> str:
    """One label for a cell across columns: what their headers share, once ("days: 1–7, 8–17")."""
    columns = [c for c in columns if c]
    if not columns:
        return ""
    shared = 0
    while all(len(c) > shared + 1 and c[shared] == columns[0][shared] for c in columns):
        shared += 1
    rest = ", ".join(dict.fromkeys(" ".join(c[shared:]) for c in columns))
    return " ".join([*columns[0][:shared], rest])


class PageReader(HTMLParser):
    def __init__(self, slug_key: str):
        super().__init__(convert_charrefs=True)
        self.docs: list[Doc] = []
        self.depth = 0            # inside <article class="md-content__inner">: its nesting depth
        self.skip = 0             # nesting depth of a skipped element, 0 when none
        self.stack: list[str] = []
        self.heading: Doc | None = None
        self.table: Table | None = None
        self.row: dict | None = None
        self.cell: dict | None = None
        self.slug_key = slug_key
        self.nested = 0           # tables inside the current table's cells

    # -- structure ---------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        if not self.depth:
            if tag == "article" and "md-content__inner" in classes:
                self.depth = 1
                self.stack = [tag]
            return
        if tag in VOID:
            self.text(" ")
            return
        self.stack.append(tag)
        if self.skip:
            return
        if tag in SKIPPED_TAGS or classes & SKIPPED_CLASSES or attrs.get("aria-hidden") == "true":
            self.skip = len(self.stack)
            return
        if tag in BLOCKS:
            self.text(" ")
        if tag == "table" and not self.table:
            self.table = Table()
        elif tag in HEADINGS and attrs.get("id"):
            first = not self.docs
            self.heading = Doc("" if first else attrs["id"], "", keys=self.slug_key if first else attrs["id"])
            self.docs.append(self.heading)
        elif tag == "table" and self.table:
            self.nested += 1  # a table inside a cell: its text is the cell's
        elif self.nested:
            pass
        elif tag == "thead" and self.table:
            self.table.in_head = True
        elif tag == "tbody" and self.table:
            self.table.in_head = False
            self.table.labels = self.table.column_labels()
        elif tag == "tr" and self.table:
            self.row = {"id": attrs.get("id"), "cells": [], "col": 0}
            if self.table.in_head:
                self.table.header.append([])
        elif tag in ("td", "th") and self.row is not None:
            span = span_of(attrs.get("colspan"))
            col = self.row["col"]
            if self.table.in_head:
                row_index = len(self.table.header) - 1
                while self.table.grid.get((row_index, col)):
                    col += 1
                for r in range(1, span_of(attrs.get("rowspan"))):
                    for c in range(col, col + span):
                        self.table.grid[(row_index + r, c)] = True
            self.cell = {"col": col, "span": span, "parts": [], "head": tag == "th" and attrs.get("scope") == "row"}
            self.row["col"] = col + span

    def handle_endtag(self, tag):
        if not self.depth or tag in VOID:
            return
        if tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            if self.skip and len(self.stack) < self.skip:
                self.skip = 0
            elif not self.skip:
                self.closed(open_tag)
            if open_tag == tag:
                break
        if not self.stack:
            self.depth = 0

    def closed(self, tag):
        if tag in BLOCKS:
            self.text(" ")
        if tag in HEADINGS and self.heading and not self.heading.title:
            self.heading.title = clean("".join(self.heading.parts))
            self.heading.parts = []
        elif self.nested and tag in ("td", "th", "tr", "thead", "tbody"):
            pass
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.cell["text"] = clean("".join(self.cell["parts"]))
            if self.table.in_head:
                self.table.header[-1].append((self.cell["col"], self.cell["span"], self.cell["text"]))
            else:
                self.row["cells"].append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.row["id"] and not self.table.in_head:
                self.add_row(self.row)
            self.row = None
        elif tag == "table" and self.nested:
            self.nested -= 1
        elif tag == "table":
            self.table = None

    def add_row(self, row):
        labels = self.table.labels
        cells = row["cells"]
        head = next((c for c in cells if c["head"]), None)
        section = self.docs[-1].title if self.docs else ""
        title = head["text"] if head else f"{section}: {cells[0]['text']}" if cells else section
        pairs = []
        for cell in cells:
            if cell is head:
                continue
            label = label_of(labels[cell["col"]:cell["col"] + cell["span"]])
            pairs.append(f"{label}: {cell['text']}" if label else cell["text"])
        self.docs[-1].rows.append(Doc(row["id"], title, [" · ".join(pairs)], keys=row["id"]))

    def text(self, data: str) -> None:
        if self.cell is not None:
            self.cell["parts"].append(data)
        # A table's header and its rows with an anchor (documents of their own) are not the
        # section's text: its preview stays prose.
        in_own_row = self.row is not None and (self.table.in_head or self.row["id"])
        if self.docs and not in_own_row:
            self.docs[-1].parts.append(data)

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.text(data)


def read_page(html: str, slug_key: str) -> list[Doc]:
    """The page's documents: the page (anchor ""), then its sections and rows."""
    reader = PageReader(slug_key)
    reader.feed(html)
    reader.close()
    return [doc for section in reader.docs for doc in (section, *section.rows)]
