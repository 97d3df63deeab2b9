"""The README's deploy configurations, run as a new user would: Debian's nginx and Caddy
serve the built site under a sub-path (/kb/) with deploy/nginx.conf and deploy/Caddyfile,
changed only where the README says (address, folder). They must answer as `make serve` does
(generator/hosting/rules.py): types, precompressed files, caching, revalidation, the 404 pages; and a
browser must fetch the runtime once, then never again from another page.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest

from conftest import ROOT, run_build
from generator.hosting.rules import CSP
from generator.runtime import asset_version, data_name, pyodide_version
from generator.site.static_server import free_port, serve_static

pytestmark = [pytest.mark.site, pytest.mark.deploy]
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def need(tool: str, path: Path | None = None) -> None:
    if shutil.which(tool) and (path is None or path.exists()):
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{tool} is missing under CI: scripts/ensure-packages.sh should have installed it")
    pytest.skip(f"{tool} is not installed (make test installs it when run as root)")


def wait_listening(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped: {log.read_text(errors='replace')[-2000:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/kb/ru/", timeout=1).read()
            return
        except (OSError, urllib.error.URLError):
            time.sleep(0.1)
    raise AssertionError("the server did not start")


@pytest.fixture(scope="module")
def webroot(built_site: Path) -> Path:
    root = built_site.parent / "deployroot"
    root.mkdir(exist_ok=True)
    if not (root / "kb").exists():
        shutil.copytree(built_site, root / "kb")  # as the README says: site/ copied to <root>/kb/
    return root


def start_nginx(webroot: Path, tmp: Path, port: int) -> tuple[subprocess.Popen, Path]:
    need("nginx", BROTLI_MODULE)
    server = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    server = server.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("root /srv/www;", f"root {webroot};")
    (tmp / "kb.conf").write_text(server, encoding="utf-8")
    temp = "".join(f"{kind}_temp_path {tmp}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp / "nginx.conf").write_text(f"""load_module {BROTLI_MODULE};
user root;
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{}}
http {{
    access_log {tmp}/access.log;
    {temp}
    include {tmp}/kb.conf;
}}
""", encoding="utf-8")
    process = subprocess.Popen(["nginx", "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "error.log")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    return process, tmp / "access.log"


def start_caddy(webroot: Path, tmp: Path, port: int) -> tuple[subprocess.Popen, Path]:
    need("caddy")
    config = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    config = config.replace("kb.example.com {", f"http://127.0.0.1:{port} {{\n\tlog {{\n\t\toutput file {tmp}/access.log\n\t}}")
    config = config.replace("root * /srv/www", f"root * {webroot}")
    (tmp / "Caddyfile").write_text("{\n\tadmin off\n}\n" + config, encoding="utf-8")
    env = dict(os.environ, HOME=str(tmp), XDG_DATA_HOME=str(tmp), XDG_CONFIG_HOME=str(tmp))
    process = subprocess.Popen(["caddy", "run", "--config", str(tmp / "Caddyfile"), "--adapter", "caddyfile"],
                               stdout=open(tmp / "caddy.out", "w"), stderr=subprocess.STDOUT, env=env)
    return process, tmp / "access.log"


@pytest.fixture(scope="module", params=["nginx", "caddy"])
def deployed(request, webroot: Path, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(request.param)
    port = free_port()
    process, log = (start_nginx if request.param == "nginx" else start_caddy)(webroot, tmp, port)
    try:
        wait_listening(port, process, tmp / ("error.log" if request.param == "nginx" else "caddy.out"))
        yield {"name": request.param, "base": f"http://127.0.0.1:{port}/kb/", "log": log}
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def reference(webroot: Path):
    """`make serve`'s handler on the same files: what every host must match."""
    httpd = serve_static(webroot)
    yield f"http://127.0.0.1:{httpd.server_address[1]}/kb/"
    httpd.shutdown()
    httpd.server_close()


def fetch(url: str, encoding: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding, **headers})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def media(headers: dict[str, str]) -> str:
    """The media type; text/xml and application/xml are the same to every browser (Caddy says the
    first), and no type is the default one (a file a host has no type for is only ever fetched)."""
    kind = headers.get("content-type", "application/octet-stream").split(";")[0].strip()
    return {"text/xml": "application/xml"}.get(kind, kind)


def decoded(headers: dict[str, str], body: bytes) -> bytes:
    coding = headers.get("content-encoding")
    return brotli.decompress(body) if coding == "br" else gzip.decompress(body) if coding == "gzip" else body


def paths(built_site: Path, kbdata) -> list[str]:
    calc = f"calc/{asset_version()}/"
    bundle = next((built_site / "ru" / "assets" / "javascripts").glob("bundle.*.min.js")).name
    return ["ru/", "pl/articles/funds-exhausted/", "ru/sitemap.xml", "ru/assets/kb/calc.js",
            f"ru/assets/javascripts/{bundle}", f"pyodide/{pyodide_version()}/pyodide.asm.wasm",
            f"pyodide/{pyodide_version()}/pyodide.mjs", calc + "worker.mjs", calc + "python_stdlib.zip",
            f"calc/{data_name(kbdata)}", calc + "pyodide-lock.json",
            "ru/no-such-page/", "pl/id/9999/", "", "assets/root.js", "no-such-page/"]


@pytest.mark.parametrize("encoding", ["br, gzip", "gzip", "identity"])
def test_the_host_serves_the_site_as_make_serve_does(deployed, reference, built_site, kbdata, encoding):
    for path in paths(built_site, kbdata):
        status, headers, body = fetch(deployed["base"] + path, encoding)
        want_status, want, want_body = fetch(reference + path, encoding)
        where = f"{deployed['name']} {path} ({encoding})"
        assert status == want_status, where
        assert media(headers) == media(want), where
        assert decoded(headers, body) == decoded(want, want_body), where
        assert headers.get("content-security-policy") == want["content-security-policy"] == CSP, where
        assert headers.get("cache-control") == want["cache-control"], where  # a 404 too: never kept
        if status != 200:
            continue
        assert headers.get("content-encoding") == want.get("content-encoding"), where
        if "accept-encoding" in want.get("vary", "").lower():  # also uncompressed: a shared cache must not mix them
            assert "accept-encoding" in headers.get("vary", "").lower(), where


def test_pages_are_revalidated_and_the_runtime_is_not(deployed, built_site, kbdata):
    status, headers, _ = fetch(deployed["base"] + "ru/articles/funds-exhausted/", "br")
    assert status == 200 and headers["cache-control"] == "no-cache"
    again, _, body = fetch(deployed["base"] + "ru/articles/funds-exhausted/", "br",
                           **{"If-Modified-Since": headers["last-modified"]})
    assert again == 304 and body == b""
    status, headers, _ = fetch(deployed["base"] + f"calc/{asset_version()}/worker.mjs", "br")
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    status, headers, _ = fetch(deployed["base"] + f"calc/{data_name(kbdata)}", "br")
    assert status == 200 and headers["cache-control"] == "public, max-age=31536000, immutable"


def test_a_folder_without_its_slash_is_redirected_with_the_query(deployed):
    """A support agent's link typed without the final slash keeps the calculator's inputs."""
    import http.client
    from urllib.parse import urljoin, urlsplit

    address = urlsplit(deployed["base"])
    for path in ("/kb/ru/articles/funds-exhausted?service=dns&event=2026-11-01", "/kb/pl?x=1"):
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        connection.close()
        location = urlsplit(urljoin(f"http://{address.netloc}{path}", response.getheader("Location") or ""))
        assert response.status in (301, 302, 307, 308), (deployed["name"], path, response.status)
        assert location.path == path.split("?")[0] + "/" and location.query == path.split("?")[1], (path, location)


def test_a_missing_runtime_file_is_not_cached(deployed, reference):
    """A 404 under the runtime's immutable folders (a reader landing mid-deploy, a typo) must
    not be kept for a year."""
    for path in ("calc/000000000000/worker.mjs", "pyodide/0.0.1/pyodide.mjs", "ru/assets/javascripts/bundle.deadbeef.min.js"):
        for base in (deployed["base"], reference):
            status, headers, _ = fetch(base + path, "br")
            assert status == 404, (base, path)
            assert "immutable" not in headers.get("cache-control", ""), (base, path, headers.get("cache-control"))


def test_a_browser_fetches_the_runtime_once(deployed, browser, kbdata):
    """A deep link answered through the real server, then another calculator page opened as
    a new page (no instant navigation): its runtime comes from the browser's cache."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(deployed["base"] + "ru/articles/funds-exhausted/?service=dns&event=2026-11-01#calc-timeline")
    page.wait_for_selector('#calc-timeline .kb-calc__result[data-state="live"]', timeout=90000)
    assert "18 ноября 2026" in page.locator("#calc-timeline .kb-calc__result").inner_text()
    page.close()
    page = context.new_page()
    page.goto(deployed["base"] + "pl/services/cloud-pro/?event=2026-11-01#calc-timeline")
    page.wait_for_selector('#calc-timeline .kb-calc__result[data-state="live"]', timeout=90000)
    context.close()
    paths = [path for path, agent in requested(deployed["log"]) if "Chrome" in agent]  # not the other tests'
    assert any("funds-exhausted" in p for p in paths) and any("cloud-pro" in p for p in paths)
    for name in ("pyodide.asm.wasm", "pyodide.asm.mjs", "python_stdlib.zip", "worker.mjs", data_name(kbdata)):
        count = sum(1 for p in paths if p.endswith("/" + name))
        assert count == 1, f"{deployed['name']}: {name} requested {count} times"


def requested(log: Path) -> list[tuple[str, str]]:
    """(path, user agent) of every request in nginx's combined log or Caddy's JSON log."""
    out = []
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("{"):
            request = json.loads(line)["request"]
            out.append((request["uri"], " ".join(request["headers"].get("User-Agent", []))))
        elif match := re.search(r'"[A-Z]+ (\S+) HTTP/[^"]*" \d+ \d+ "[^"]*" "([^"]*)"', line):
            out.append((match.group(1), match.group(2)))
    return out


@pytest.mark.parametrize("host", ["make serve", "deployed"])
def test_no_redirect_to_another_site(reference, deployed, host):
    """A folder asked for without its slash is redirected; "//host" must not become a
    protocol-relative address (an open redirect in a link an agent pastes)."""
    import http.client
    from urllib.parse import urljoin, urlsplit

    address = urlsplit(reference if host == "make serve" else deployed["base"])
    for path in ("//ru", "///ru", "/kb//ru", "//kb/ru", "/%2Fevil.com%2F..%2Fkb/ru", "/%5Cevil.com%2F..%2Fkb/ru",
                 "/%2F%2Fevil.com/../kb/ru", "/kb/%2F%2Fevil.com%2F..%2Fru"):
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
        connection.request("GET", path + "?x=1")
        response = connection.getresponse()
        location = response.getheader("Location") or ""
        response.read()
        connection.close()
        target = urlsplit(urljoin(f"http://{address.netloc}{path}", location))  # as a browser reads it
        assert not location.startswith(("//", "/\\")), (host, path, location)
        assert target.netloc == address.netloc, (host, path, location)
        if response.status == 301:
            assert target.path.endswith("/") and target.query == "x=1", (host, path, location)


@pytest.mark.browser
def test_a_site_at_another_address_names_only_that_address(project_copy, browser, tmp_path, monkeypatch):
    """Built for a deeper sub-path than the other tests' /kb/, and served there with the
    policy: canonical links and the sitemap name that address and no other, and the root's and
    the languages' 404 pages are styled and link into the site."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/help/centre/"
    monkeypatch.setenv("KB_SITE_URL", url)
    site = tmp_path / "webroot" / "help" / "centre"
    result = run_build(project_copy, "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    for lang in ("ru", "pl"):
        locations = re.findall(r"<loc>([^<]+)</loc>", (site / lang / "sitemap.xml").read_text(encoding="utf-8"))
        assert len(locations) > 30 and all(loc.startswith(f"{url}{lang}/") for loc in locations), locations[:3]
        page = (site / lang / "articles" / "funds-exhausted" / "index.html").read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{url}{lang}/articles/funds-exhausted/">' in page
    named = {m for f in site.rglob("*") if f.suffix in (".html", ".xml", ".json") and f.is_file()
             for m in re.findall(r"https?://[^\s\"'<>)]+", f.read_text(encoding="utf-8"))}
    assert not [m for m in named if m.startswith("http://127.0.0.1") and not m.startswith(url)]
    httpd = serve_static(tmp_path / "webroot", port, csp=True)
    try:
        page = browser.new_page()
        violations: list[str] = []
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        for path, lang in (("no-such-page/", None), ("ru/no-such-page/", "ru"), ("pl/id/9999/", "pl")):
            answer = page.goto(url + path)
            assert answer.status == 404, path
            assert page.evaluate("[...document.styleSheets].every((s) => s.cssRules.length > 0)"), path
            assert page.evaluate("getComputedStyle(document.body).margin") != "8px", path  # not the browser's default
            links = page.eval_on_selector_all("a[href]", "links => links.map((a) => a.href)")
            inside = [link for link in links if link.startswith(url)]
            assert inside, path
            if lang:
                assert page.locator(".md-header").count() == 1
                assert f"{url}{lang}/" in inside
            else:
                assert {f"{url}ru/", f"{url}pl/"} <= set(inside)
        assert page.goto(url + "ru/").status == 200 and page.locator(".md-header").is_visible()
        assert not violations, violations
    finally:
        httpd.shutdown()
        httpd.server_close()
