"""Build both languages and serve them on 127.0.0.1, rebuilding on every edit.

    python -m generator.site.serve [--port 8000]

An edit under docs/<lang>/ rebuilds that language only; an edit to kbdata, the macros, the
calculators, the theme overrides or the configuration rebuilds every language. Open pages
reload themselves after a successful rebuild. A failed rebuild prints its errors and keeps
serving the last good site.
"""

from __future__ import annotations

import argparse
import email.utils
import functools
import os
import socket
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.hosting import rules as hosting
from generator.site.build import build
from generator import ROOT

WATCHED = ("kbdata", "docs", "generator", "calculators", "overrides")


def snapshot() -> dict[str, int]:
    files = {str(p): p.stat().st_mtime_ns for folder in WATCHED for p in (ROOT / folder).rglob("*")
             if p.is_file() and "__pycache__" not in p.parts}
    files.update({str(p): p.stat().st_mtime_ns for p in ROOT.glob("engine.yml")})
    return files


def affected_languages(changed: set[str], languages: list[str]) -> list[str] | None:
    """The languages a change touches; None means all of them."""
    langs = set()
    for path in changed:
        rel = Path(path).relative_to(ROOT).parts
        if len(rel) > 2 and rel[0] == "docs" and rel[1] in languages:
            langs.add(rel[1])
        else:
            return None
    return sorted(langs)


class State:
    build_id = 0


class StaticHandler(SimpleHTTPRequestHandler):
    """Serves a built site as a production host should (generator/hosting/rules.py): proper types for
    module workers and WebAssembly, the precompressed sibling the browser accepts, a year's
    caching for the versioned runtime and revalidation for the rest."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **hosting.TYPES}

    def log_message(self, format: str, *args) -> None:  # quiet: the console shows builds
        pass

    def end_headers(self) -> None:
        if getattr(self.server, "csp", True):  # every response, as the hosts' configurations say
            self.send_header("Content-Security-Policy", hosting.CSP)
        super().end_headers()

    def guess_type(self, path) -> str:
        """A sibling asked for by its own name is what it is, compressed bytes, as nginx says."""
        if str(path).endswith(tuple(suffix for _, suffix in hosting.ENCODINGS)):
            return "application/octet-stream"
        return super().guess_type(path)

    def send_head(self):
        url_path = urlsplit(self.path).path
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not url_path.endswith("/"):
                self.send_response(301)
                query = urlsplit(self.path).query
                # One leading slash: "//host/…" would send the browser to another site.
                self.send_header("Location", "/" + url_path.lstrip("/") + "/" + (f"?{query}" if query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return None
        body, encoding = path, None
        allowed = hosting.accepted(self.headers.get("Accept-Encoding"))
        variants = [(name, path.with_name(path.name + suffix)) for name, suffix in hosting.ENCODINGS]
        variants = [(name, file) for name, file in variants if file.is_file()]
        for name, file in variants:
            if name in allowed:
                body, encoding = file, name
                break
        stat = path.stat()
        cache = hosting.cache_control(url_path)
        since = self.headers.get("If-Modified-Since")
        if since and cache == hosting.REVALIDATE:
            try:
                if int(stat.st_mtime) <= email.utils.parsedate_to_datetime(since).timestamp():
                    self.send_response(304)
                    self.send_header("Cache-Control", cache)
                    self.end_headers()
                    return None
            except (TypeError, ValueError, OverflowError):
                pass
        handle = open(body, "rb")
        if getattr(self.server, "served", None) is not None:  # benchmarks count what was sent
            self.server.served.append((url_path, body.stat().st_size))
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        if variants:
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(body.stat().st_size))
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.send_header("Cache-Control", cache)
        self.end_headers()
        return handle

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing page gets the nearest 404.html above it (the language's), as a host is
        configured to do (README: Deploy); a wrong short link then says what to do."""
        page = self.not_found_page() if code == 404 and self.command in ("GET", "HEAD") else None
        if page is None:
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Cache-Control", hosting.REVALIDATE)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)

    def not_found_page(self) -> Path | None:
        parts = [p for p in unquote(urlsplit(self.path).path).split("/") if p]
        if any(p in (".", "..") or "\\" in p for p in parts):
            return None
        root = Path(self.directory)
        for depth in range(len(parts), -1, -1):
            candidate = root.joinpath(*parts[:depth], "404.html")
            if candidate.is_file():
                return candidate
        return None


def serve_static(directory: Path, port: int = 0, count: bool = False, csp: bool = True) -> ThreadingHTTPServer:
    """A background server on 127.0.0.1 (tests and benchmarks); port 0 picks a free one.
    With ``count``, ``httpd.served`` lists (path, body bytes) of every file it sent. ``csp``:
    send the Content-Security-Policy (off for tests that inject scripts, such as axe-core)."""
    ThreadingHTTPServer.allow_reuse_address = True
    httpd = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(StaticHandler, directory=str(directory)))
    httpd.served = [] if count else None
    httpd.csp = csp
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def handler(site_dir: Path):
    class Handler(StaticHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            if self.path == "/__kb_build":
                body = str(State.build_id).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

    return functools.partial(Handler, directory=str(site_dir))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.site.serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    args = parser.parse_args(argv)
    os.environ["KB_LIVE_RELOAD"] = "1"
    os.environ["KB_SITE_URL"] = f"http://127.0.0.1:{args.port}/"  # where it serves, whatever a deploy set
    print("building…", flush=True)
    if build(args.site_dir) != 0 and not (args.site_dir / "index.html").exists():
        print("fix the errors above, then run `make serve` again", file=sys.stderr)
        return 1
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler(args.site_dir))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving http://127.0.0.1:{args.port}/ (Ctrl+C to stop); watching {', '.join(WATCHED)}", flush=True)
    seen = snapshot()
    languages = sorted(p.name for p in (ROOT / "docs").iterdir() if p.is_dir())
    try:
        while True:
            time.sleep(0.7)
            now = snapshot()
            changed = {p for p in set(now) | set(seen) if now.get(p) != seen.get(p)}
            if not changed:
                continue
            seen = now
            langs = affected_languages(changed, languages)
            started = time.monotonic()
            status = build(args.site_dir, langs)
            if status == 0:
                State.build_id += 1
                print(f"rebuilt {', '.join(langs or ['all languages'])} in "
                      f"{time.monotonic() - started:.1f}s", flush=True)
    except KeyboardInterrupt:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
