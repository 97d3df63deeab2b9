"""The hand-written articles: their front matter (its shape is kbdata/schema/article.schema.json),
checked against kbdata.

An article is ``docs/<lang>/articles/<slug>.md`` in every language, with the same slug
(the language-neutral path support links carry), the same permanent ``kb_id`` and the
same explicit heading anchors ``{#id}`` in every language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.data.errors import Errors, Place
from generator.data.litter import files as litter_files
from generator.data.litter import is_litter
from generator.data.schema import Doc, check, definition
from generator.data.suggest import did_you_mean
from generator.data.yamlnodes import Map, parse, read_text

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
ANCHOR = re.compile(r"\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$")
SLUG = re.compile(definition("slug")["pattern"].strip("^$"))  # ids, file names, anchors: one rule
GOOD_ANCHOR = re.compile(r"\{#" + SLUG.pattern + r"\}\s*$")
NOT_A_COMMENT = re.compile(r"\{#[\s-]")  # '{# note #}': Jinja's comment, but '{#' starts an anchor here
SERVICE_LINK = re.compile(r"""service_link\(\s*["']([a-z0-9-]+)["']""")


@dataclass(frozen=True, kw_only=True)
class Article:
    slug: str
    kb_id: int
    group: str
    services: tuple[str, ...]  # service groups whose pages link back here
    title: str
    anchors: tuple[str, ...]
    anchor_lines: tuple[int, ...] = ()  # where each anchor is written
    anchors_complete: bool = True  # False: a section heading lacks its anchor (reported), do not compare
    path: Path
    updated: str | None = None  # kb_updated (ISO date); else the build takes the file's last commit
    covers: tuple[str, ...] = ()  # services it is about: kb_covers, and those it links with service_link()


def front_matter(text: str) -> tuple[str, int] | None:
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 4)
    if end < 0:
        return None
    return text[4:end + 1], text[: end + 5].count("\n")


def _read(path: Path, label: str, errors: Errors, groups: dict[str, set[str]] | None,
          article_groups: set[str] | None, today: str = "") -> Article | None:
    """One article; ``groups``/``article_groups`` None: kbdata failed, so nothing is checked against it."""
    text = read_text(path, label, errors)
    if text is None:
        return None
    text = text.removeprefix("\ufeff")  # a byte order mark some editors write
    fm = front_matter(text)
    if fm is None:
        errors.add(Place(label, 1, 1), "an article starts with front matter: ---, kb_id, kb_group, ---")
        return None
    block, body_start = fm
    # Blank lines for the opening '---' keep the marks on the file's own line numbers.
    before = len(errors.problems)
    m = parse("\n" + block, label, errors) if block.strip() else None
    if len(errors.problems) > before:
        return None
    if m is None:
        errors.add(Place(label, 1, 1), "front matter is empty; it needs kb_id and kb_group")
        return None
    if not isinstance(m, Map):
        errors.add(m.place, "front matter must be 'key: value' lines: kb_id, kb_group, …")
        return None
    doc = Doc.of(label, "article", m, name="front matter")
    valid = check(doc, errors, None) == set()
    fields = doc.value if valid else {}
    kb_id, group, updated = fields.get("kb_id"), fields.get("kb_group"), fields.get("kb_updated")
    if group is not None and article_groups is not None and group not in article_groups:
        errors.add(doc.place(("kb_group",)), f"kb_group must be one of {', '.join(sorted(article_groups))}; got {group}"
                             f"{did_you_mean(group, article_groups)}")
        group = None
    before = len(errors.problems)
    services = fields.get("kb_services", [])
    for i, sid in enumerate(services if groups is not None else ()):
        if sid not in groups:
            errors.add(doc.place(("kb_services", i)), f"kb_services: unknown service group '{sid}' "
                                                      f"(groups: {', '.join(sorted(groups))}){did_you_mean(sid, groups)}")
    known = set().union(*groups.values()) if groups else set()
    covers = fields.get("kb_covers", [])
    for i, sid in enumerate(covers if groups is not None else ()):
        if sid not in known:
            errors.add(doc.place(("kb_covers", i)), f"kb_covers: unknown service '{sid}'{did_you_mean(sid, known)}")
    if updated and today and updated > today:
        errors.add(doc.place(("kb_updated",)), f"kb_updated {updated} is after today ({today}): the page would "
                                               f"say it was updated in the future")
    references_hold = len(errors.problems) == before  # else not compared with the other languages' article
    linked = [sid for sid in SERVICE_LINK.findall(text) if sid in known]
    in_groups = [sid for g in services for sid in sorted((groups or {}).get(g, ()))]
    title = ""
    anchors = []
    in_code = False
    lines: list[int] = []
    complete = True
    for number, line in enumerate(text.splitlines()[body_start:], start=body_start + 1):
        if line.startswith("```"):
            in_code = not in_code
        if not in_code and NOT_A_COMMENT.search(line):
            errors.add(Place(label, number, line.index("{#") + 1),
                       "'{# … #}' is not a comment in these pages ('{#id}' after a heading is its anchor): "
                       "write a comment as {%# … #%}")
        match = None if in_code else HEADING.match(line)
        if not match:
            continue
        if len(match.group(1)) == 1 and not title:
            title = ANCHOR.sub("", match.group(2)).strip()
        elif len(match.group(1)) > 1:
            anchor = ANCHOR.search(match.group(2))
            written = re.search(r"\{#[^}]*\}\s*$", match.group(2))
            if written and not GOOD_ANCHOR.search(match.group(2)):
                complete = False
                errors.add(Place(label, number, 1), f"an anchor is a lower-case ASCII id alone, like {{#section-id}}; "
                                                    f"got {written.group(0).strip()}")
            elif anchor is None:
                complete = False
                errors.add(Place(label, number, 1), "a section heading needs an explicit anchor like "
                                                    "'## Title {#section-id}': support links use it in every language")
            elif anchor.group(1) in anchors:
                complete = False
                errors.add(Place(label, number, 1), f"the anchor '{anchor.group(1)}' is already used on line "
                                                    f"{lines[anchors.index(anchor.group(1))]}: each section needs its own")
            else:
                anchors.append(anchor.group(1))
                lines.append(number)
    if not title:
        errors.add(Place(label, body_start + 1, 1), "the article has no '# Title' heading")
    if kb_id is None or group is None or not references_hold:
        return None
    return Article(slug=path.stem, kb_id=kb_id, group=group, services=tuple(services), title=title,
                   anchors=tuple(anchors), anchor_lines=tuple(lines), anchors_complete=complete, path=path,
                   updated=updated,
                   covers=tuple(dict.fromkeys([*covers, *in_groups, *linked])))


def _anchor_difference(article: Article, ref: Article, label: str, there: str) -> tuple[Place, str]:
    """One message for the first place where an article's section anchors part from the first
    language's, at the first language's line (or this one's, for an extra section)."""
    i = next(i for i, pair in enumerate(zip(article.anchors + ("",), ref.anchors + ("",))) if pair[0] != pair[1])
    rule = "every language has the same section anchors, in the same order"
    if i >= len(ref.anchors):
        return Place(label, article.anchor_lines[i], 1), f"the section anchor '{article.anchors[i]}' is not in {there}: {rule}"
    if i >= len(article.anchors):
        return Place(there, ref.anchor_lines[i], 1), f"the section anchor '{ref.anchors[i]}' is missing in {label}: {rule}"
    return (Place(there, ref.anchor_lines[i], 1),
            f"the section anchor '{ref.anchors[i]}' is '{article.anchors[i]}' in {label}:{article.anchor_lines[i]}: {rule}")


def article_groups(strings: dict[str, dict[str, str]]) -> set[str]:
    """The article groups: the keys of strings' articles.group.* (the home page's headings)."""
    first = next(iter(strings.values()), {})
    return {k.split(".")[-1] for k in first if k.startswith("articles.group.")}


def scan(docs: Path, languages: tuple[str, ...], groups: dict[str, set[str]] | None, strings: dict | None,
         errors: Errors, today: str = "") -> dict[str, list[Article]]:
    """The articles of every language; ``groups``: each service group's service ids (None, with
    ``strings``, when kbdata has errors: then nothing is checked against kbdata)."""
    known_groups = article_groups(strings) if strings is not None else None
    found: dict[str, list[Article]] = {}
    unreadable: set[str] = set()
    for lang in languages:
        folder = docs / lang / "articles"
        found[lang] = []
        if not (docs / lang / "index.md").is_file():
            errors.add(Place(f"docs/{lang}/index.md", 1, 1), f"the language '{lang}' has no home page: every "
                                                             f"language of kbdata/site.yaml has docs/{lang}/index.md "
                                                             f"and its articles beside it")
        for odd in sorted(folder.iterdir()) if folder.is_dir() else []:
            if (not is_litter(odd.name) and odd.is_file() and odd.suffix.lower() in (".md", ".markdown", ".mdown")
                    and odd.suffix != ".md"):
                errors.add(Place(f"docs/{lang}/articles/{odd.name}", 1, 1),
                           f"this page is not built: an article's file ends in .md, in lower case ({odd.stem}.md)")
        for stray in sorted(p for p in litter_files(docs / lang) if p.suffix == ".md") if (docs / lang).is_dir() else []:
            where = stray.relative_to(docs / lang)
            if where.parts != ("index.md",) and not (len(where.parts) == 2 and where.parts[0] == "articles"):
                errors.add(Place(f"docs/{lang}/{where.as_posix()}", 1, 1),
                           f"this page is not built: the pages are docs/{lang}/index.md and "
                           f"docs/{lang}/articles/<name>.md")
            elif where.parts[0] == "articles" and not SLUG.fullmatch(stray.stem):
                errors.add(Place(f"docs/{lang}/{where.as_posix()}", 1, 1),
                           "an article's file name is its address in every language: lower-case ASCII words "
                           "joined by '-', like funds-exhausted.md")
        for path in sorted(p for p in folder.glob("*.md") if not is_litter(p.name)) if folder.is_dir() else []:
            article = _read(path, f"docs/{lang}/articles/{path.name}", errors, groups, known_groups, today)
            if article is not None:
                found[lang].append(article)
            else:  # its own error is reported: not again as "missing in this language"
                unreadable.add(path.stem)
        ids: dict[int, Article] = {}
        for article in found[lang]:
            if article.kb_id in ids:
                errors.add(Place(f"docs/{lang}/articles/{article.slug}.md", 2, 1),
                           f"kb_id {article.kb_id} is already used by {ids[article.kb_id].slug}.md")
            ids[article.kb_id] = article
    base = {a.slug: a for a in found[languages[0]] if a.slug not in unreadable}
    for lang in languages:
        mine = {a.slug: a for a in found[lang] if a.slug not in unreadable}
        for other in languages:
            if other == lang:
                continue
            for slug in sorted(set(base if other == languages[0] else {}) - set(mine)):
                errors.add(Place(f"docs/{lang}/articles/{slug}.md", 1, 1),
                           f"the article exists in {other} but not in {lang}: every article needs every language")
        if lang == languages[0]:
            continue
        for slug, article in mine.items():
            label = f"docs/{lang}/articles/{slug}.md"
            if slug not in base:
                errors.add(Place(label, 1, 1), f"the article exists in {lang} but not in {languages[0]}")
                continue
            ref = base[slug]
            if article.kb_id != ref.kb_id:
                errors.add(Place(label, 2, 1), f"kb_id is {article.kb_id} here but {ref.kb_id} in {languages[0]}")
            there = f"docs/{languages[0]}/articles/{slug}.md"
            for field_name, mine_value, theirs in (("kb_group", article.group, ref.group),
                                                   ("kb_services", list(article.services), list(ref.services))):
                if mine_value != theirs:
                    errors.add(Place(label, 2, 1), f"{field_name} is {mine_value} here but {theirs} in {there}: "
                                                   f"the front matter is the same in every language")
            if article.anchors_complete and ref.anchors_complete and article.anchors != ref.anchors:
                errors.add(*_anchor_difference(article, ref, label, there))
    return found
