"""The built site served on 127.0.0.1 as a production host serves it (generator/hosting/):
`make serve`, the tests and the benchmarks all use it."""

from __future__ import annotations

import email.utils
import functools
import socket
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.hosting import rules as hosting


class StaticHandler(SimpleHTTPRequestHandler):
    """Serves a built site as a production host should (generator/hosting/rules.py): proper types for
    module workers and WebAssembly, the precompressed sibling the browser accepts, a year's
    caching for the versioned runtime and revalidation for the rest."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **hosting.TYPES}
    # Answer "not modified" to a browser's revalidation: Last-Modified is in whole seconds, so
    # `make serve` (a page rebuilt twice within one second) says no.
    not_modified = True

    def log_message(self, format: str, *args) -> None:  # quiet: the console shows builds
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except ConnectionError:  # the reader went away mid-download (a closed tab): nothing to say
            self.close_connection = True

    def finish(self) -> None:
        try:
            super().finish()
        except ConnectionError:
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
        if since and cache == hosting.REVALIDATE and self.not_modified:
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
