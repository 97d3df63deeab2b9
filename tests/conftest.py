"""Shared fixtures: the validated sample KB, a kbdata copy to break, the built site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The build date is an input: pin it so that rates in force and snapshots do not drift.
TODAY = "2026-11-23"
os.environ["KB_TODAY"] = TODAY
os.environ["NO_MKDOCS_2_WARNING"] = "1"

from calculators.model import from_dict  # noqa: E402
from generator.data.kb import load_site  # noqa: E402
from generator.data.kbdata import load  # noqa: E402
from generator.site.static_server import free_port, serve_static  # noqa: E402

PROJECT_PARTS = ("kbdata", "docs", "generator", "calculators", "overrides", "engine.yml", "package.json", "pyproject.toml")
ENGINE_VENVS = (".venv-properdocs", ".venv-zensical")  # KB_ENGINE's environments, shared read-only


@pytest.fixture(scope="session")
def site():
    return load_site(ROOT)


@pytest.fixture(scope="session")
def kbdata():
    """The validated sample kbdata (JSON form), without the articles."""
    return load(ROOT / "kbdata")


@pytest.fixture(scope="session")
def model(kbdata):
    return from_dict(kbdata)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throw-away copy of everything a build reads, to break on purpose."""
    return copy_project(tmp_path / "project")


def copy_project(dest: Path) -> Path:
    dest.mkdir()
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)  # Pyodide, read-only
    for venv in ENGINE_VENVS:
        if (ROOT / venv).is_dir():
            (dest / venv).symlink_to(ROOT / venv, target_is_directory=True)
    # The runtime and compression caches are keyed by content: shared, so a copy's build
    # does not compress Pyodide again.
    (ROOT / ".cache").mkdir(exist_ok=True)
    (dest / ".cache").symlink_to(ROOT / ".cache", target_is_directory=True)
    return dest


def run_build(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(project))
    return subprocess.run([sys.executable, "-m", "generator.site.build", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


# The browser tests serve the site at this address, under a sub-path; the build is told so
# (KB_SITE_URL), as a deployment would be: Material's instant navigation relies on it.
PORT = free_port()
SITE_URL = f"http://127.0.0.1:{PORT}/kb/"
os.environ["KB_SITE_URL"] = SITE_URL  # every build of the tests, as `make build` requires


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """Both languages built once per session, exactly as `make build` does."""
    out = tmp_path_factory.mktemp("built") / "site"
    result = run_build(ROOT, "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    return out


# --- headless Chromium against the built site on 127.0.0.1 ---------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
SHOTS = Path(os.environ.get("KB_SCREENSHOTS", "")) if os.environ.get("KB_SCREENSHOTS") else None


def serve_built(built_site: Path, csp: bool):
    """The built site at SITE_URL: under a sub-path, as many deployments are (/kb/ru/...)."""
    root = built_site.parent / "webroot"
    root.mkdir(exist_ok=True)
    if not (root / "kb").exists():
        (root / "kb").symlink_to(built_site, target_is_directory=True)
    httpd = serve_static(root, PORT, csp=csp)
    yield SITE_URL
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def server(built_site: Path):
    # Without the Content-Security-Policy: tests inject scripts (axe-core, Playwright's waits);
    # tests/test_csp.py serves the site with it.
    yield from serve_built(built_site, csp=False)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is missing under CI: scripts/ensure-packages.sh should have installed it")
        pytest.skip("chromium is not installed (make test installs it when run as root)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh context (no cache, no storage) that records requests and console errors."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.requests, page.errors = [], []
    context.on("request", lambda r: page.requests.append(r.url))  # the worker's fetches too
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    foreign = [u for u in page.requests if urlsplit(u).hostname not in ("127.0.0.1", None)
               and not u.startswith(("data:", "blob:"))]
    context.close()
    assert not foreign, foreign
    assert not page.errors, page.errors


def shot(page, name: str) -> None:
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def open_for_instant_navigation(page, url: str) -> None:
    """Opens a page and waits for the sitemap Material's instant navigation needs: a click on a
    link before it is in loads a whole new document (as it would for a reader that quick)."""
    with page.expect_request_finished(lambda r: r.url.endswith("/sitemap.xml")):
        page.goto(url)
    page.wait_for_timeout(100)  # the response parsed into the set of pages it intercepts
