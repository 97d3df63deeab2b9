"""MkDocs hooks: the only place that knows MkDocs' event names. Thin by design.

on_config validates kbdata and the articles (stopping the build with every error), names the
site and builds the navigation; on_files adds the generated pages.
"""

from __future__ import annotations

import json
import os
import re
import sys
from urllib.parse import urljoin
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import pages, site as site_mod  # noqa: E402
from macros.errors import KbdataError  # noqa: E402


def _lang(config) -> str:
    return config.theme["language"]


def on_config(config):
    try:
        site = site_mod.activate(site_mod.load_site())
    except KbdataError as exc:
        raise Abort(f"\n{exc}") from None
    lang = _lang(config)
    if lang not in site.data["languages"]:
        raise Abort(f"theme.language '{lang}' is not one of kbdata/site.yaml languages")
    # Each language lives under <site_url>/<lang>/: canonical links, the sitemap and the 404
    # page's absolute links must say so. Set KB_SITE_URL to where the site is deployed.
    config.site_url = urljoin(config.site_url or "/", f"{lang}/")
    config.site_name = site.data["site"]["title"][lang]
    config.site_description = site.data["strings"][lang]["site.description"]
    config.nav = pages.nav(site, lang)
    strings = site.data["strings"][lang]
    # The headings' permalink sign says what it is in the page's language, not "Permanent link"
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = strings["site.permalink"]
    config.extra["kb_not_found"] = {k.split(".", 1)[1]: v for k, v in strings.items()  # overrides/404.html
                                    if k.startswith("not_found.")}
    config.extra["kb_table_hint"] = strings["frame.table_scroll"]  # overrides/main.html
    # overrides/main.html: a link with calculator inputs starts the runtime from <head>
    config.extra["kb_calc"] = {"calc": site.runtime.calc, "pyodide": site.runtime.pyodide}
    dump = os.environ.get("KB_DUMP_MARKDOWN")
    if dump:  # benchmarks: plain mkdocs-material gets the same navigation
        (Path(dump) / lang).mkdir(parents=True, exist_ok=True)
        (Path(dump) / lang / "nav.json").write_text(json.dumps(config.nav, ensure_ascii=False), encoding="utf-8")
    if os.environ.get("KB_LIVE_RELOAD"):  # `make serve` only: never in a deployable build
        config.extra_javascript.append("assets/kb/livereload.js")
    return config


CALC_FIELDS = re.compile(r'<div class="kb-calc" [^>]*?data-fields="([^"]*)"')


def on_page_content(html, page, config, files):
    """The fields of the page's calculators (overrides/main.html): a link that carries any of
    them starts the runtime from <head>; a link for a calculator not on the page does not."""
    fields = [name for found in CALC_FIELDS.findall(html) for name in found.split()]
    page.meta["kb_calc_fields"] = " ".join(dict.fromkeys(fields))
    return html


def on_page_markdown(markdown, page, config, files):
    """Benchmarks only (KB_DUMP_MARKDOWN=dir): keep each page's Markdown after the macros ran,
    so plain mkdocs-material can build exactly the same pages without our code."""
    dump = os.environ.get("KB_DUMP_MARKDOWN")
    if dump:
        target = Path(dump) / _lang(config) / page.file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        meta = "".join(f"{k}: {v}\n" for k, v in page.meta.items() if isinstance(v, (int, str)))
        target.write_text(f"---\n{meta}---\n{markdown}" if meta else markdown, encoding="utf-8")
    return markdown


def _generated(markdown: str) -> str:
    """A generated page: finished Markdown (the macros plugin has nothing to do in it), titled
    in front matter, since its breadcrumbs come before the '# ' heading MkDocs would read."""
    title = next((line[2:] for line in markdown.split("\n") if line.startswith("# ")), "")
    title = re.sub(r"\s*\{#[^}]*\}\s*$", "", title)
    return f"---\nrender_macros: false\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n" + markdown


def on_files(files, config):
    site = site_mod.active()
    lang = _lang(config)
    for service in site.model.services:
        files.append(File.generated(config, f"services/{service.id}.md",
                                    content=_generated(pages.service_page(site, lang, service.id))))
    files.append(File.generated(config, "services/index.md", content=_generated(pages.services_page(site, lang))))
    files.append(File.generated(config, "prices.md", content=_generated(pages.price_list_page(site, lang))))
    files.append(File.generated(config, "id/index.md", content=_generated(pages.id_index_page(site, lang))))
    for article in site.articles[lang]:
        files.append(File.generated(
            config, f"id/{article.kb_id}/index.html",
            content=pages.redirect_page(f"../../articles/{article.slug}/", article.title, lang)))
    return files
