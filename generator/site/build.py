"""Build every language of the site, all or nothing.

    python -m generator.site.build [--lang ru] [--site-dir site] [--check]

kbdata and the articles are validated and every page rendered first (generator.site.stage); any error
is printed (all of them, with file:line:column) and the build stops with exit status 1 before
anything is written. The engine (KB_ENGINE: generator.site.engines) then turns each language's staged
Markdown into HTML. The languages are built into a temporary folder beside ``site/``, which
replaces the previous site only when every language succeeded: a failed build leaves the old
site as it was.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from generator import ROOT, runtime, search
from generator.data.errors import KbdataError
from generator.data.kb import Site, load_site
from generator.data.kbdata import load as load_kbdata
from generator.hosting.compress import compress_file, compress_tree, worth_compressing
from generator.rendering import rootpages
from generator.site import engines, stage
from generator.site.check import check, summary, theme_errors
from generator.site.target import MARK, SITE_URL_HELP, refuse_site_dir, replace_dir, site_url


def explain_failure(lang: str, output: str) -> str:
    """The lines an author needs from a failed engine run (the rendering errors were reported
    before it ran): its warnings and errors, without its progress lines."""
    kept = [line for line in output.splitlines() if line.strip() and not line.startswith("INFO")]
    return f"{lang}: " + ("\n".join(kept) or "the engine failed without a message")


def write_extras(site: Site, out: Path, langs: list[str], url: str) -> None:
    """What belongs to no single language (the root's pages, the calculators' runtime), and the
    precompressed siblings of what was built."""
    for path in rootpages.write(site, out, url):
        if worth_compressing(path):
            compress_file(path)
    runtime.bundle(out, site.runtime)
    for lang in langs:
        compress_tree(out / lang)


def build_languages(site: Site, langs: list[str], url: str, engine: engines.Engine, out: Path, *,
                    live_reload: bool = False) -> str | None:
    """Stage ``langs`` and build each with ``engine`` into out/<lang>/ (the engine's output, as it
    wrote it); what went wrong, or None."""
    stages = Path(tempfile.mkdtemp(prefix=".stage-", dir=out))
    try:
        staged = {lang: stages / lang for lang in langs}
        # What `make check` renders, written for the engine: its errors, located, before the engine runs.
        rendered = stage.write(site, staged, url, engine, live_reload=live_reload)
        if rendered:
            return rendered.report()
        with ThreadPoolExecutor(max_workers=min(len(langs), os.cpu_count() or 1)) as pool:
            results = dict(zip(langs, pool.map(lambda lang: engines.run(engine, staged[lang]), langs)))
        failed = [lang for lang, r in results.items() if r.returncode != 0]
        if failed:
            return "\n".join([*(explain_failure(lang, results[lang].stdout + results[lang].stderr) for lang in failed),
                              f"build failed ({', '.join(failed)}) with {engine.name}"])
        for lang in langs:
            (staged[lang] / "site").rename(out / lang)
        return None
    finally:
        shutil.rmtree(stages, ignore_errors=True)


def build(site_dir: Path, languages: list[str] | None = None) -> int:
    url, problem = site_url()
    if url is None:
        print(f"{problem}; {SITE_URL_HELP}", file=sys.stderr)
        return 2
    engine = engines.chosen()
    try:
        site = load_site()
    except KbdataError as exc:
        print(exc, file=sys.stderr)
        return 1
    if theme := theme_errors():  # the engine would only say that the build failed
        print(theme.report(), file=sys.stderr)
        return 1
    all_langs = site.data["languages"]
    langs = languages or all_langs
    unknown = [l for l in langs if l not in all_langs]
    if unknown:
        print(f"unknown language {unknown[0]!r}; kbdata/site.yaml has {', '.join(all_langs)}", file=sys.stderr)
        return 2
    try:
        site = site.with_runtime(runtime.prepare(site.data))  # the pages name its folder and size: built first
    except (RuntimeError, OSError) as exc:
        print(runtime_problem(exc), file=sys.stderr)
        return 1
    site_dir = site_dir.resolve()
    refused = refuse_site_dir(site_dir)
    if refused:
        print(refused, file=sys.stderr)
        return 2
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    try:
        problem = build_languages(site, langs, url, engine, tmp)
        if problem:
            print(problem, file=sys.stderr)
            if not problem.endswith("nothing was built."):
                print(f"{site_dir.name}/ was left as it was", file=sys.stderr)
            return 1
        for lang in langs:
            search.write(tmp / lang, lang, site.data["search"][lang])  # from the pages the engine wrote
        if set(langs) == set(all_langs):
            write_extras(site, tmp, langs, url)
            (tmp / MARK).write_text("Made by the knowledge base's build (make build); the next build replaces this "
                                    "folder whole.\n", encoding="utf-8")
            replace_dir(tmp, site_dir)
        else:  # some languages (--lang): swap just their folders
            site_dir.mkdir(exist_ok=True)
            for lang in langs:
                compress_tree(tmp / lang)
                replace_dir(tmp / lang, site_dir / lang)
            write_extras(site, site_dir, [], url)
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def runtime_problem(exc: Exception) -> str:
    """The calculators' runtime could not be prepared: said once, in words (no traceback)."""
    if isinstance(exc, OSError):
        return (f"the calculators' runtime cannot be prepared in .cache/ ({exc.strerror or exc}: "
                f"{exc.filename or ''}); make build and make serve keep it there, so that folder must be writable")
    return str(exc)


def stage_only(folder: Path, languages: list[str] | None) -> int:
    """The engine's input, to look at or to build with the engine alone (bench.build_time)."""
    url, problem = site_url()
    if url is None:
        print(f"{problem}; {SITE_URL_HELP}", file=sys.stderr)
        return 2
    try:
        site = load_site()
    except KbdataError as exc:
        print(exc, file=sys.stderr)
        return 1
    langs = languages or site.data["languages"]
    try:
        site = site.with_runtime(runtime.prepare(site.data))
    except (RuntimeError, OSError) as exc:
        print(runtime_problem(exc), file=sys.stderr)
        return 1
    rendered = stage.write(site, {lang: folder / lang for lang in langs}, url, engines.chosen())
    if rendered:
        print(rendered.report(), file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.site.build", description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", action="append", help="build only this language (repeatable)")
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--check", action="store_true",
                        help="validate kbdata and render every page without writing anything")
    parser.add_argument("--export-json", action="store_true",
                        help="validate kbdata and print it as the calculators' JSON (no site build)")
    parser.add_argument("--stage-to", type=Path, metavar="DIR",
                        help="write what the engine gets (DIR/<lang>/: mkdocs.yml, docs/, overrides/) and stop")
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except KbdataError as exc:  # engine.yml's, met while rendering
        print(exc, file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    if args.stage_to:
        return stage_only(args.stage_to, args.lang)
    if args.export_json:
        try:
            data = load_kbdata(ROOT / "kbdata")
        except KbdataError as exc:
            print(exc, file=sys.stderr)
            return 1
        print(json.dumps(data, ensure_ascii=False, sort_keys=True))
        return 0
    if args.check:
        try:
            site = load_site()
        except KbdataError as exc:
            print(exc, file=sys.stderr)
            return 1
        rendered = check(site)
        if rendered:
            print(rendered.report(), file=sys.stderr)
            return 1
        print(summary(site))
        return 0
    return build(args.site_dir, args.lang)


if __name__ == "__main__":
    sys.exit(main())
