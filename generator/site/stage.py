"""The build's first stage, plain Python: everything an engine needs to build one language,
in a folder of its own.

    <stage>/docs/          every page as finished Markdown: the articles and the home page
                           rendered with the KB's macros and framed, the generated pages
                           (services, prices, short links), front matter included
    <stage>/overrides/     the theme overrides and the KB's assets
    <stage>/mkdocs.yml     the complete configuration: engine.yml plus what kbdata says about
                           this language (name, address, navigation, language switch, UI words)

The engine then only turns Markdown into HTML (generator/site/engines.py): no hooks or plugins of ours
run inside it, so every engine builds the same pages from the same files.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from generator.rendering import pages
from generator.rendering.all_pages import render_all
from generator.data.settings import engine_settings
from generator.site.engines import Engine
from generator.data.errors import Errors
from generator import ROOT
from generator.data.kb import Site

CALC_FIELDS = re.compile(r'<div class="kb-calc" [^>]*?data-fields="([^"]*)"')


def language_url(site_url: str, lang: str) -> str:
    """Each language lives under <site_url>/<lang>/: canonical links and the sitemap say so."""
    return urljoin(site_url, f"{lang}/")


def config(site: Site, lang: str, site_url: str, engine: Engine, *, live_reload: bool = False) -> dict[str, Any]:
    """The engine's whole configuration for one language."""
    strings = site.data["strings"][lang]
    result = copy.deepcopy(engine_settings())
    result.update(site_name=site.data["site"]["title"][lang], site_url=language_url(site_url, lang),
                  site_description=strings["site.description"], docs_dir="docs", site_dir="site",
                  nav=pages.nav(site, lang))
    result["theme"].update(language=lang, custom_dir="overrides", **dict(engine.settings))
    result["extra"].update(
        alternate=[{"name": site.data["strings"][other]["site.language_name"], "link": f"../{other}/", "lang": other}
                   for other in site.data["languages"]],
        kb_not_found={k.split(".", 1)[1]: v for k, v in strings.items() if k.startswith("not_found.")},  # 404.html
        kb_table_hint=strings["frame.table_scroll"],  # overrides/main.html
        kb_calc={"calc": site.runtime.calc, "pyodide": site.runtime.pyodide})  # overrides/main.html
    # The headings' permalink sign says what it is in the page's language, not "Permanent link".
    result["markdown_extensions"] = [{"toc": {**entry["toc"], "permalink_title": strings["site.permalink"]}}
                                     if isinstance(entry, dict) and "toc" in entry else entry
                                     for entry in result["markdown_extensions"]]
    if live_reload:  # `make serve` only: never in a deployable build
        result["extra_javascript"] = [*result["extra_javascript"], "assets/kb/livereload.js"]
    return result


def front(meta: str, markdown: str) -> str:
    """A page's front matter, with the fields of its calculators (overrides/main.html: a link
    that carries any of them starts the runtime from <head>)."""
    fields = " ".join(dict.fromkeys(name for found in CALC_FIELDS.findall(markdown) for name in found.split()))
    if fields:
        meta += f"kb_calc_fields: {json.dumps(fields)}\n"
    return f"---\n{meta}---\n{markdown}" if meta else markdown


def write(site: Site, stages: dict[str, Path], site_url: str, engine: Engine, *, live_reload: bool = False) -> Errors:
    """Stage each language of ``stages`` into its folder (emptied first); the rendering errors,
    located, if any (then the stages are incomplete and must not be built)."""
    for lang, folder in stages.items():
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(ROOT / "overrides", folder / "overrides")
        # The files beside the pages (an article's image): as they are; the pages come rendered.
        shutil.copytree(site.root / "docs" / lang, folder / "docs", ignore=shutil.ignore_patterns("*.md"))

    def sink(lang: str, path: str, text: str, meta: str | None) -> None:
        target = stages[lang] / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text if meta is None else front(meta, text), encoding="utf-8")

    errors = render_all(site.for_engine(engine.links_from_source), sink, lambda lang: language_url(site_url, lang),
                        list(stages))
    for lang, folder in stages.items():
        settings = config(site, lang, site_url, engine, live_reload=live_reload)
        (folder / "mkdocs.yml").write_text(json.dumps(settings, ensure_ascii=False, indent=1), encoding="utf-8")
    return errors

