"""`make serve`'s build: the site kept built in .serve/ and brought up to date after each
edit, rebuilding only what the edit changed.

  an article's text    that page, in its language; every page of every language when what
                       other pages show of it changes (its title, number, anchors, services)
  kbdata               kbdata read and checked again and every page rendered, but the engine
                       builds only the pages whose Markdown changed, and the calculators'
                       runtime stays (kbdata travels to the browser as its own file)
  anything else        (the theme, engine.yml, a file beside the pages, a page added or
                       removed) every page of every language, built whole

The pages are served as they are built, uncompressed: compression is for deploys. An edit of
the generator's or the calculators' code is not loaded here: serve starts itself again.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator import ROOT, runtime, search
from generator.data.errors import KbdataError
from generator.data.kb import Site, load_site
from generator.rendering import rootpages
from generator.site import engines, stage
from generator.site.build import explain_failure, runtime_problem
from generator.site.check import theme_errors
from generator.site.target import replace_dir


@dataclass(frozen=True)
class Outcome:
    ok: bool
    report: str  # the errors, located, or what was rebuilt


def edit_kind(changed: set[Path] | None, languages: list[str]) -> str:
    """'prose' (only articles' or home pages' text), 'data' (kbdata too) or 'all'."""
    if changed is None:
        return "all"
    kind = "prose"
    for path in changed:
        parts = path.relative_to(ROOT).parts
        if parts[0] == "kbdata":
            kind = "data"
        elif not (parts[0] == "docs" and len(parts) > 2 and parts[1] in languages and path.suffix == ".md"
                  and path.is_file()):
            return "all"
    return kind


def what_others_show(site: Site) -> dict[str, list[tuple]]:
    """Of each article, what pages other than its own show: the home page, the related
    articles, the navigation, the short links, the links to its anchors."""
    return {lang: [(a.slug, a.kb_id, a.group, a.services, a.title, a.anchors, a.covers, a.updated) for a in articles]
            for lang, articles in site.articles.items()}


class DevBuild:
    def __init__(self, site_url: str, folder: Path = ROOT / ".serve") -> None:
        self.site_url = site_url
        self.folder = folder
        self.out = folder / "site"  # what the server serves
        self.engine = engines.chosen()
        self.residents: dict[str, engines.Resident] = {}  # each language's engine, kept running
        self.indexed: list[str] = []  # the languages whose search index the last build left to write
        self.site: Site | None = None  # the KB of the last build that passed
        self.memory: dict = {}  # each language's rendered pages (rendering.all_pages.render_all)
        self.whole = False  # the last build passed: ``memory`` holds every page as it is now

    def build(self, changed: set[Path] | None = None) -> Outcome:
        """Bring the served site up to date with ``changed`` (None: everything, at start)."""
        try:
            return self._build(changed)
        except KbdataError as exc:  # engine.yml's, met while rendering
            self.whole = False
            return Outcome(False, str(exc))

    def _build(self, changed: set[Path] | None) -> Outcome:
        known = self.site if self.whole else None
        kind = edit_kind(changed, list(known.data["languages"]) if known else [])
        if kind == "all" or known is None:
            kind = "all"
        if kind == "all" and (theme := theme_errors()):  # the engine would only say "build failed"
            return Outcome(False, theme.report())
        try:
            kb = load_site(kbdata_of=known if kind == "prose" else None)
        except KbdataError as exc:  # nothing was rendered: what the last build rendered still holds
            return Outcome(False, str(exc))
        only = None
        if kind == "prose" and what_others_show(kb) == what_others_show(known):
            only = {lang: set() for lang in kb.data["languages"]}
            for path in changed or ():
                _, lang, *rest = path.relative_to(ROOT).parts
                only[lang].add("/".join(rest))
        try:  # a prose edit keeps kbdata, and so the runtime made for it
            kept = kind == "prose" and kb.data is known.data
            kb = kb.with_runtime(known.runtime if kept else runtime.for_serve(runtime.prepare(kb.data)))
        except (RuntimeError, OSError) as exc:
            return Outcome(False, runtime_problem(exc))
        langs = list(kb.data["languages"])
        self.whole = False
        # Each language goes to its engine as soon as it is staged: the engine (another process)
        # builds one language while the next is rendered.
        results, whole, changed = {}, set(), {}
        with ThreadPoolExecutor(max_workers=max(1, min(len(langs), os.cpu_count() or 1))) as pool:
            for lang in langs:
                staged = stage.update(kb, {lang: self.folder / "stage" / lang}, self.site_url, self.engine,
                                      live_reload=True, only=only, memory=self.memory,
                                      site_dirs={lang: self.out / lang} if self.engine.writes_outside else None)
                if staged.errors:
                    return Outcome(False, staged.errors.report())
                changed[lang] = staged.changed[lang]
                if (kind == "all" or staged.removed[lang] or staged.settings_changed[lang]
                        or not (self.out / lang / "index.html").is_file()):
                    whole.add(lang)
                if lang in whole or changed[lang]:
                    results[lang] = pool.submit(self._engine(lang).run, self.folder / "stage" / lang,
                                                dirty=lang not in whole)
            results = {lang: future.result() for lang, future in results.items()}
        todo = list(results)
        failed = [lang for lang, result in results.items() if result.returncode != 0]
        if failed:
            return Outcome(False, "\n".join(explain_failure(lang, results[lang].stdout + results[lang].stderr)
                                            for lang in failed))
        if not self.engine.writes_outside:  # it wrote into its stage, whole: swapped in at once
            self.out.mkdir(parents=True, exist_ok=True)
            for lang in todo:
                replace_dir(self.folder / "stage" / lang / "site", self.out / lang)
        self.indexed += [lang for lang in todo if lang not in self.indexed]  # indexed once the pages are shown
        rootpages.write(kb, self.out, self.site_url)
        runtime.bundle(self.out, kb.runtime)
        self.site, self.whole = kb, True
        pages = sum(len(changed[lang]) for lang in todo)
        said = ", ".join(f"{lang}{' (whole)' if lang in whole else ''}" for lang in todo) or "nothing to rebuild"
        return Outcome(True, f"{said}: {pages} page{'s' if pages != 1 else ''} changed")

    def _engine(self, lang: str) -> engines.Resident:
        return self.residents.setdefault(lang, engines.Resident(self.engine))

    def index(self) -> None:
        """The search index of the languages the last build changed, or whose synonyms it
        changed (kbdata/search.yaml, on no page): written once the open pages were told, since
        a reader opens search later than a page reloads."""
        for lang in self.site.data["languages"] if self.site else ():
            synonyms = self.site.data["search"][lang]
            if lang in self.indexed or search.indexed_synonyms(self.out / lang) != synonyms:
                search.write(self.out / lang, lang, synonyms)
        self.indexed = []

    def close(self) -> None:
        for resident in self.residents.values():
            resident.close()
