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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from generator import ROOT
from generator.data import litter
from generator.data.errors import Errors
from generator.data.kb import Site
from generator.data.settings import engine_settings
from generator.rendering import pages
from generator.rendering.all_pages import render_all
from generator.site.engines import Engine

CALC_FIELDS = re.compile(r'<div class="kb-calc" [^>]*?data-fields="([^"]*)"')
CALC_JS = ROOT / "overrides" / "assets" / "kb" / "calc.js"


def calc_modules() -> list[str]:
    """calc.js's modules (every file of assets/kb/calc/ is one), as the site names them: <head>
    preloads them with calc.js itself, so a deep link's runtime starts one round trip sooner
    (bench/waterfall.py)."""
    return [f"assets/kb/calc/{path.name}" for path in sorted((CALC_JS.parent / "calc").glob("*.js"))]


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
        kb_calc_modules=calc_modules(),  # overrides/main.html
        kb_theme={k.removeprefix("site.theme."): v for k, v in strings.items() if k.startswith("site.theme.")})
    # The headings' permalink sign says what it is in the page's language, not "Permanent link".
    result["markdown_extensions"] = [{"toc": {**entry["toc"], "permalink_title": strings["site.permalink"]}}
                                     if isinstance(entry, dict) and "toc" in entry else entry
                                     for entry in result["markdown_extensions"]]
    if live_reload:  # `make serve` only: never in a deployable build
        result["extra_javascript"] = [*result["extra_javascript"], "assets/kb/livereload.js"]
    return result


def front(meta: str, markdown: str, runtime: Any) -> str:
    """A page's front matter, with the fields of its calculators and where the runtime is
    (overrides/main.html: a link that carries any of them starts the runtime from <head>)."""
    fields = " ".join(dict.fromkeys(name for found in CALC_FIELDS.findall(markdown) for name in found.split()))
    if fields:
        calc = {"fields": fields, "runtime": runtime.calc, "pyodide": runtime.pyodide, "kbdata": runtime.kbdata}
        meta += f"kb_calc: {json.dumps(calc)}\n"
    return f"---\n{meta}---\n{markdown}" if meta else markdown


@dataclass
class Staged:
    """What staging did: its rendering errors, located (then the stages must not be built), and
    per language what an engine must build again."""
    errors: Errors
    changed: dict[str, set[str]] = field(default_factory=dict)  # pages written anew (paths under docs/)
    removed: dict[str, set[str]] = field(default_factory=dict)  # pages no longer rendered, deleted
    settings_changed: dict[str, bool] = field(default_factory=dict)  # mkdocs.yml (navigation, …) changed


def put(target: Path, text: str) -> bool:
    """Write ``text`` unless the file holds it already: an unchanged page keeps its time, so an
    engine's dirty build leaves it alone."""
    data = text.encode("utf-8")
    if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True


def write(site: Site, stages: dict[str, Path], site_url: str, engine: Engine, *, live_reload: bool = False) -> Errors:
    """Stage each language of ``stages`` into its folder (emptied first); the rendering errors,
    located, if any (then the stages are incomplete and must not be built)."""
    for folder in stages.values():
        shutil.rmtree(folder, ignore_errors=True)
    return update(site, stages, site_url, engine, live_reload=live_reload).errors


def update(site: Site, stages: dict[str, Path], site_url: str, engine: Engine, *, live_reload: bool = False,
           only: dict[str, set[str]] | None = None, memory: dict | None = None,
           site_dirs: dict[str, Path] | None = None) -> Staged:
    """Bring each language's stage up to date, writing only what changed (`make serve`): every
    page, or with ``only`` and ``memory`` just the hand-written pages ``only`` names
    (rendering.all_pages.render_all). ``site_dirs``: where the engine writes each language
    (default: <stage>/site/)."""
    staged = Staged(Errors(), {lang: set() for lang in stages}, {lang: set() for lang in stages})
    assets: dict[str, set[str]] = {}
    for lang, folder in stages.items():
        shutil.copytree(ROOT / "overrides", folder / "overrides", dirs_exist_ok=True, ignore=litter.ignore)
        # The files beside the pages (an article's image): as they are; the pages come rendered.
        docs = site.root / "docs" / lang
        shutil.copytree(docs, folder / "docs", dirs_exist_ok=True,
                        ignore=lambda at, names: litter.ignore(at, names) | {n for n in names if n.endswith(".md")})
        assets[lang] = {p.relative_to(docs).as_posix() for p in litter.files(docs) if p.suffix != ".md"}
    sunk: dict[str, set[str]] = {lang: set() for lang in stages}

    def sink(lang: str, path: str, text: str, meta: str | None) -> None:
        sunk[lang].add(path)
        if put(stages[lang] / "docs" / path, text if meta is None else front(meta, text, site.runtime)):
            staged.changed[lang].add(path)

    staged.errors = render_all(site.for_engine(engine.links_from_source), sink, lambda lang: language_url(site_url, lang),
                               list(stages), only=only, memory=memory)
    for lang, folder in stages.items():
        if only is None and not staged.errors:  # every page was rendered: what was not is gone
            for path in (p for p in (folder / "docs").rglob("*") if p.is_file()):
                rel = path.relative_to(folder / "docs").as_posix()
                if rel not in sunk[lang] and rel not in assets[lang]:
                    path.unlink()
                    staged.removed[lang].add(rel)
        settings = config(site, lang, site_url, engine, live_reload=live_reload)
        if site_dirs:
            settings["site_dir"] = str(site_dirs[lang])
        staged.settings_changed[lang] = put(folder / "mkdocs.yml", json.dumps(settings, ensure_ascii=False, indent=1))
    return staged
