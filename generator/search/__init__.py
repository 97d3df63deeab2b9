"""Site search: the index each language's pages get, and the files its worker needs.

Runs after the engine has written a language's pages (plain Python, no MkDocs): it reads
the built HTML (generator/search/pages.py), writes the index in the place and the shape the
theme's search UI fetches and passes to its worker (Material's ``search/search_index.json``,
Zensical's ``search.json``: the one the engine wrote), and puts our worker in the place of
the theme's. The worker answers either UI.
The worker (overrides/assets/kb/search/worker.js) indexes the documents with MiniSearch and
stems with Snowball at index and at query time: the same JavaScript, translated from the
pinned Python package (generator/search/snowball.py). The index is fetched only when the reader
opens search (overrides/assets/kb/search-page.js).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import posixpath
import re
import shutil
from pathlib import Path
from typing import Callable, NamedTuple

from generator import ROOT
from generator.data.kbdata.terms import stopwords
from generator.search.pages import read_page
from generator.search.snowball import stemmers_script

MINISEARCH = ROOT / "node_modules" / "minisearch" / "dist" / "umd" / "index.js"
WORKER = "assets/kb/search/worker.js"   # copied by the engine from overrides/
# The theme's config expects a word separator; our worker splits words itself (its on-page
# highlighter, the only other reader, is off: mkdocs.yml has no search.highlight).
SEPARATOR = r"[\s\-–—.,;:!?()«»„”\"'/#№*]+"
# What the page starts as its search worker: a few bytes until the first message (the index,
# sent once the reader opens search) brings the engine, the stemmer and our worker; a failed
# download is tried again. It keeps the theme's file name, which hosts cache for a year as
# immutable: it must never change (tests/test_search_index.py holds it); change worker.js.
LOADER = """self.kbSearchBase = new URL("BASE", self.location).href;
addEventListener("message", function answer(event, attempt = 0) {
  let reply;
  try {
    if (!self.kbSearch) importScripts(self.kbSearchBase + "worker.js");
    reply = self.kbSearch.handle(event.data);
  } catch (error) {
    if (attempt < 5) return void setTimeout(() => answer(event, attempt + 1), 1000 * 2 ** attempt);
    throw error;
  }
  postMessage(reply);
});
"""
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')
THEME_WORKER = re.compile(r'"search":\s*"([^"]+)"')


def documents(lang_dir: Path) -> list[list[str]]:
    """[location, title, text, keys] of every page, section and table row of one language.

    A page that only redirects (a short link such as id/1173/) lends its name to the page it
    points at: the answer id finds the article."""
    pages, aliases = {}, {}
    for page in sorted(lang_dir.rglob("index.html")):
        rel = page.parent.relative_to(lang_dir).as_posix()
        if rel.split("/", 1)[0] in ("assets", "search"):
            continue
        location = "" if rel == "." else rel + "/"
        slug = location.rstrip("/").rpartition("/")[2]
        read, target = _read(page, slug)
        docs = [dataclasses.replace(doc) for doc in read]  # keys gain aliases below
        if docs:
            pages[location] = docs
        elif target:
            aliases.setdefault(posixpath.normpath(posixpath.join(location, target)) + "/", []).append(slug)
    # The home page shows parts of other pages (the article groups, every service by group):
    # such a part is found where it belongs, not twice (the same anchor, heading and text).
    elsewhere = {(doc.anchor, doc.title, doc.text) for location, docs in pages.items() if location for doc in docs}
    out = []
    for location, docs in pages.items():
        docs[0].keys = " ".join([docs[0].keys, *aliases.get(location, [])]).strip()
        out += [[location + (f"#{doc.anchor}" if doc.anchor else ""), doc.title, doc.text, doc.keys] for doc in docs
                if location or not doc.anchor or (doc.anchor, doc.title, doc.text) not in elsewhere]
    return out


@functools.lru_cache(maxsize=None)
def _stemmers(lang: str) -> str:
    return stemmers_script([lang])


_READ: dict[tuple, tuple] = {}


def _read(page: Path, slug: str) -> tuple[tuple, str | None]:
    """A page's documents, or where it redirects to: read once for all its indexings, since
    `make serve` indexes after each edit and only the pages an edit rewrote are read again."""
    stat = page.stat()
    key = (page, slug, stat.st_mtime_ns, stat.st_size)
    if key not in _READ:
        html = page.read_text(encoding="utf-8")
        docs = tuple(read_page(html, slug))
        target = None if docs else (m.group(1) if (m := CANONICAL.search(html)) else None)
        if len(_READ) > 20000:
            _READ.clear()
        _READ[key] = (docs, target)
    return _READ[key]


def theme_worker(lang_dir: Path) -> Path:
    """The file the theme's pages start as their search worker (named in each page's config)."""
    html = (lang_dir / "index.html").read_text(encoding="utf-8")
    match = THEME_WORKER.search(html)
    if not match:
        raise RuntimeError("the theme's pages no longer name a search worker in their config; "
                           "generator/search/__init__.py must follow the theme")
    return (lang_dir / match.group(1).replace("\\/", "/")).resolve()


def escape(text: str) -> str:
    """Text as the markup Zensical's UI reads an index entry's title and text as."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def zensical_items(docs: list[list[str]]) -> list[dict]:
    """The entries of Zensical's index: its UI shows their title, text and path (the page's
    title above a section or a row) itself; the worker reads keys too."""
    titles = {location: title for location, title, _, _ in docs if "#" not in location}
    return [{"location": location, "title": escape(title), "text": escape(text),
             "path": [escape(titles[location.split("#")[0]])] if "#" in location else [], "keys": keys}
            for location, title, text, keys in docs]


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


class IndexForm(NamedTuple):
    """An index a theme fetches: where its engine writes it, and how its entries are ours."""
    path: str                                          # under the language's folder
    key: str                                           # the entries' key beside "config"
    entries: Callable[[list[list[str]]], list]         # from our documents
    documents: Callable[[list], list[list[str]]]       # back


INDEXES = (IndexForm("search/search_index.json", "docs", list, list),  # Material (MkDocs, ProperDocs)
           IndexForm("search.json", "items", zensical_items,           # Zensical
                     lambda items: [[i["location"], unescape(i["title"]), unescape(i["text"]), i["keys"]] for i in items]))


def index_form(lang_dir: Path) -> IndexForm:
    """The form of the index the engine wrote for the theme (ours, once written)."""
    for form in INDEXES:
        if (lang_dir / form.path).is_file():
            return form
    raise RuntimeError("the engine wrote no search index this project knows "
                       f"({' or '.join(form.path for form in INDEXES)}); generator/search/__init__.py must follow the theme")


def index_path(lang_dir: Path) -> Path:
    return lang_dir / index_form(lang_dir).path


def read_docs(lang_dir: Path) -> list[list[str]]:
    """The documents of a built language's index, in either form: [location, title, text, keys]."""
    form = index_form(lang_dir)
    return form.documents(json.loads((lang_dir / form.path).read_text(encoding="utf-8"))[form.key])


def indexed_synonyms(lang_dir: Path) -> list[list[str]] | None:
    """The synonyms a built language's index was written with (None: no index of ours yet)."""
    try:
        form = index_form(lang_dir)
        return json.loads((lang_dir / form.path).read_text(encoding="utf-8"))["config"].get("synonyms")
    except (RuntimeError, OSError, ValueError, KeyError):
        return None


def write(lang_dir: Path, lang: str, synonyms: list[list[str]]) -> None:
    """The index and the worker of one built language; ``synonyms``: its groups of phrases
    (kbdata/search.yaml), which the worker uses when it indexes and when it reads a query."""
    form = index_form(lang_dir)
    index = {"config": {"lang": [lang], "separator": SEPARATOR, "stop": stopwords(lang), "synonyms": synonyms},
             form.key: form.entries(documents(lang_dir))}
    # Whole or not at all: `make serve` writes it while the site is being read.
    scratch = lang_dir / (form.path + ".new")
    scratch.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    scratch.replace(lang_dir / form.path)
    assets = lang_dir / "assets" / "kb" / "search"
    shutil.copyfile(MINISEARCH, assets / "minisearch.js")
    (assets / "stemmers.js").write_text(_stemmers(lang), encoding="utf-8")
    worker = theme_worker(lang_dir)
    up = "../" * (len(worker.relative_to(lang_dir).parts) - 1)
    worker.write_text(LOADER.replace("BASE", f"{up}{WORKER.rpartition('/')[0]}/"), encoding="utf-8")
    for stale in worker.parent.glob(worker.name + ".map"):
        stale.unlink()
