"""`make serve`: the site built for 127.0.0.1 and served there, brought up to date with every
edit (generator/site/devbuild.py says what an edit rebuilds).

    python -m generator.site.serve [--port 8000]

The open pages ask the server after each build (assets/kb/livereload.js): a build that passed
reloads them; one that failed shows its errors, located, on the page as in the terminal, and
the page comes back by itself once the edit is fixed. An edit of the generator's or the
calculators' code starts the server again (a build cannot load changed code into itself).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import threading
import time
import traceback
from http.server import ThreadingHTTPServer
from pathlib import Path

from generator import ROOT
from generator.data.litter import is_litter
from generator.site.devbuild import DevBuild, Outcome
from generator.site.static_server import StaticHandler

WATCHED = ("kbdata", "docs", "generator", "calculators", "overrides", "engine.yml")
CODE = ("generator", "calculators", "kbdata/schema")  # loaded by this process: an edit starts it again
POLL = 0.1  # seconds between looks at the files
INDEX_AFTER = 0.5  # seconds after a build its search index is written: not while the pages reload


def snapshot() -> dict[Path, int]:
    files = {}
    for name in WATCHED:
        top = ROOT / name
        for path in (top.rglob("*") if top.is_dir() else [top]):
            if "__pycache__" not in path.parts and not is_litter(path.name) and path.is_file():
                files[path] = path.stat().st_mtime_ns
    return files


class Status:
    """What the open pages are told: the last build's number, and its errors (None: it passed)."""
    lock = threading.Lock()
    started = str(time.time_ns())  # a new process (code edited): reload
    build = 0
    errors: str | None = None

    @classmethod
    def set(cls, errors: str | None) -> None:
        with cls.lock:
            cls.build += 1
            cls.errors = errors

    @classmethod
    def stamp(cls) -> str:
        """The build a response comes from, as the open page compares it."""
        with cls.lock:
            return f"{cls.started}-{cls.build}"

    @classmethod
    def json(cls) -> bytes:
        with cls.lock:
            return json.dumps({"server": cls.started, "build": cls.build, "errors": cls.errors}).encode()


class DevHandler(StaticHandler):
    not_modified = False

    def end_headers(self) -> None:
        # The page's own build (livereload.js reads it): one built while the page loaded is still new to it.
        self.send_header("Server-Timing", f'kb-build;desc="{Status.stamp()}"')
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path != "/__kb_build":
            return super().do_GET()
        body = Status.json()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def build(dev: DevBuild, changed: set[Path] | None = None) -> None:
    """One build, reported; whatever stops it is shown like an author's mistake, and serving goes on."""
    started = time.monotonic()
    try:
        outcome = dev.build(changed)
    except OSError:  # a file went away while it was read (an editor's temporary file): once more, whole
        time.sleep(POLL)
        try:
            outcome = dev.build()
        except Exception:
            outcome = Outcome(False, unexpected())
    except Exception:
        outcome = Outcome(False, unexpected())
    report(outcome, time.monotonic() - started)


def unexpected() -> str:
    return "the build stopped unexpectedly (a bug: please report it):\n" + traceback.format_exc(limit=-4)


def code_problem() -> str | None:
    """Whether the edited code and schemas load: serve starts itself again only then (a process
    that cannot start would leave the open pages without an answer)."""
    probe = ("from generator.site import serve\nfrom generator.data.errors import KbdataError\n"
             "from generator.data.kb import load_site\ntry:\n    load_site()\nexcept KbdataError:\n    pass\n")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    if result.returncode == 0:
        return None
    return "the edited code does not load; serving the last good site until it does:\n" + result.stderr[-3000:]


def report(outcome, seconds: float) -> None:
    if outcome.ok:
        print(f"rebuilt in {seconds:.2f}s: {outcome.report}", flush=True)
        Status.set(None)
    else:
        print(outcome.report, file=sys.stderr, flush=True)
        print("the page shows these errors until they are fixed; serving the last good site", file=sys.stderr, flush=True)
        Status.set(outcome.report)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.site.serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args(argv)
    site_url = f"http://127.0.0.1:{args.port}/"  # where it serves, whatever a deploy set
    os.environ["KB_SITE_URL"] = site_url
    dev = DevBuild(site_url)
    dev.out.mkdir(parents=True, exist_ok=True)
    ThreadingHTTPServer.allow_reuse_address = True
    server = ThreadingHTTPServer(("127.0.0.1", args.port), functools.partial(DevHandler, directory=str(dev.out)))
    print("building…", flush=True)
    seen = snapshot()
    build(dev)
    dev.index()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving {site_url} (Ctrl+C to stop); watching {', '.join(WATCHED)}", flush=True)
    index_due = None
    try:
        while True:
            time.sleep(POLL)
            now = snapshot()
            changed = {p for p in set(now) | set(seen) if now.get(p) != seen.get(p)}
            if not changed:
                if index_due is not None and time.monotonic() >= index_due:
                    dev.index()
                    index_due = None
                continue
            seen = now
            if any(p.relative_to(ROOT).as_posix().startswith(tuple(f"{c}/" for c in CODE)) for p in changed):
                if problem := code_problem():
                    report(Outcome(False, problem), 0)
                    continue
                print("the code changed: starting again", flush=True)
                server.server_close()
                dev.close()
                os.execv(sys.executable, [sys.executable, "-m", "generator.site.serve", "--port", str(args.port)])
            build(dev, changed)
            index_due = time.monotonic() + INDEX_AFTER
    except KeyboardInterrupt:
        server.shutdown()
        dev.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
