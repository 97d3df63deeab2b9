"""How a host should serve the built site: types, precompressed files, caching.

One set of rules: `make serve` follows them (generator/site/serve.py), the README's deploy section
gives them for nginx, Caddy and object stores, and tests/test_deploy.py checks that real
nginx and Caddy with those configurations answer exactly as `make serve` does.

  runtime files   site/pyodide/<version>/, site/calc/<version>/ and site/calc/kbdata.<digest>.json:
                  their URLs change when their content does, so they are cached for a year and
                  never revalidated
  theme files     Material's bundle.<hash>.min.js, main.<hash>.min.css: the same
  everything else revalidated on every use (a page changes with each KB edit)
  every response  the Content-Security-Policy below: only the site's own files run; no inline
                  script or style exists in any page, and the calculators' WebAssembly needs
                  'wasm-unsafe-eval'
"""

from __future__ import annotations

import re

TYPES = {".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm",
         ".json": "application/json", ".zip": "application/zip",
         ".webmanifest": "application/manifest+json"}
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# Matched against the URL path, under any sub-path the site is deployed to.
IMMUTABLE_PATH = re.compile(r"/(?:pyodide/\d+(?:\.\d+)*/|calc/[0-9a-f]{12}/|calc/kbdata\.[0-9a-f]{12}\.json$"
                            r"|.*\.[0-9a-f]{8}\.min\.(?:js|css)$)")
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'none'")
# Most preferred first; the sibling file's suffix.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


def cache_control(path: str) -> str:
    return IMMUTABLE if IMMUTABLE_PATH.search(path) else REVALIDATE


def accepted(header: str | None) -> list[str]:
    """The content codings an Accept-Encoding header allows (q=0 refuses one)."""
    allowed = []
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        q = re.search(r"q\s*=\s*(0(?:\.0*)?|[0-9.]*)\s*(?:;|$)", params)
        refused = bool(q) and re.fullmatch(r"0(?:\.0*)?", q.group(1)) is not None
        if name and not refused:
            allowed.append(name.strip().lower())
    return allowed
