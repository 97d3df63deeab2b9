"""The pages at the site's root, above the languages: the language chooser (index.html) and
the "not found" page for an address in no language (404.html), with their style and script
as files: no page of the site has an inline script or style (README: Deploy, the CSP).
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from generator.data.kb import Site

STYLE = """body{font:16px/1.5 system-ui,sans-serif;margin:3em auto;max-width:32em;padding:0 1em;color:#222}
a{font-size:1.2em;color:#303fa1}
section+section{margin-top:2em;border-top:1px solid #ddd;padding-top:1em}
"""

# The reader's language, by the browser's preferences; the query and fragment of a link kept.
SCRIPT = """(() => {
  const script = document.currentScript;
  const langs = JSON.parse(script.dataset.langs);
  const wanted = (navigator.languages || [navigator.language || ""]).map((l) => l.slice(0, 2).toLowerCase());
  const lang = wanted.find((l) => langs.includes(l)) || langs[0];
  location.replace(lang + "/" + location.search + location.hash);
})();
"""


def _head(title: str, lang: str, base: str) -> str:
    return (f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
            f'<link rel="stylesheet" href="{base}assets/root.css">\n')


def index_page(site: Site) -> str:
    """The site root: sends the reader to their language (relative links: works under a sub-path)."""
    langs = site.data["languages"]
    strings = site.data["strings"]
    links = "".join(f'<li><a href="{lang}/" hreflang="{lang}" lang="{lang}">{escape(strings[lang]["site.language_name"])}'
                    f'</a></li>' for lang in langs)
    title = " / ".join(escape(site.data["site"]["title"][lang]) for lang in langs)
    choose = " / ".join(escape(strings[lang]["site.choose_language"]) for lang in langs)
    return (_head(title, langs[0], "") +
            f'<script src="assets/root.js" data-langs="{escape(json.dumps(langs))}"></script></head>\n'
            f"<body><h1>{title}</h1><p>{choose}:</p><ul>{links}</ul></body></html>\n")


def not_found_page(site: Site, site_url: str) -> str:
    """An address in no language: what each language's 404 page says, in each language, with
    links from the site's path (a host serves this page at whatever address was asked for)."""
    base = urlsplit(site_url).path or "/"
    langs = site.data["languages"]
    sections = []
    for lang in langs:
        nf = {k.split(".", 1)[1]: escape(v) for k, v in site.data["strings"][lang].items() if k.startswith("not_found.")}
        sections.append(f'<section lang="{lang}"><h1>{nf["title"]}</h1><p>{nf["text"]}</p><ul>'
                        f'<li><a href="{base}{lang}/id/">{nf["ids"]}</a></li>'
                        f'<li><a href="{base}{lang}/">{nf["home"]}</a></li></ul></section>')
    title = " / ".join(escape(site.data["strings"][lang]["not_found.title"]) for lang in langs)
    return _head(title, langs[0], base) + "</head>\n<body>" + "".join(sections) + "</body></html>\n"


def write(site: Site, out: Path, site_url: str) -> list[Path]:
    """Write the root's pages and their files into ``out``; the paths written."""
    (out / "assets").mkdir(exist_ok=True)
    files = {out / "index.html": index_page(site), out / "404.html": not_found_page(site, site_url),
             out / "assets" / "root.css": STYLE, out / "assets" / "root.js": SCRIPT}
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return list(files)
