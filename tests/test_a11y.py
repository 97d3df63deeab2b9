"""Accessibility as a test: axe-core's WCAG 2.2 A/AA rules on every page type, in both languages,
at phone and desktop width, and with a calculator answered, refusing an input and computing.

axe-core comes from npm (package-lock.json) and is put into the page by the test: the site
never serves it. What axe cannot judge (announcements, keyboard use, touch targets, tables on a
small screen, the contrast of borders) is tested in tests/test_a11y_calc.py.
"""

from __future__ import annotations

import pytest

from conftest import ROOT, shot

pytestmark = [pytest.mark.site, pytest.mark.browser]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BOOT_MS = 90000
LIVE = '.kb-calc__result[data-state="live"]'

# Every page type: home, the three articles (with their calculators), a service page of each
# kind of policy, the price list, the services index, the list of short links, a missing page.
PAGES = ["", "articles/funds-exhausted/", "articles/lms-renewal/", "articles/paid-services/",
         "services/cloud-pro/", "services/saas-3kl/", "prices/", "services/", "id/", "no-such-page/"]
DEVICES = {
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}


def axe_violations(page, where: str) -> list[str]:
    """axe's WCAG A/AA violations on the page as it is now, one line per rule with its nodes."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [f"{where}: {v['id']} ({v['impact']}): {v['help']}\n    "
            + "\n    ".join(f"{n['target']}: {n['failureSummary'].splitlines()[-1].strip()}" for n in v["nodes"][:6])
            + (f"\n    ... and {len(v['nodes']) - 6} more" if len(v["nodes"]) > 6 else "")
            for v in result["violations"]]


@pytest.fixture(params=list(DEVICES))
def device(request, browser, server):
    """A page in a fresh context at phone (touch) or desktop width."""
    context = browser.new_context(**DEVICES[request.param], permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.device = request.param
    yield page
    context.close()
    assert not page.errors, page.errors


def test_axe_is_the_pinned_npm_package():
    assert AXE.exists(), "node_modules/axe-core missing: run `make test` (npm ci)"


@pytest.mark.parametrize("lang", ["ru", "pl"])
def test_every_page_type_has_no_wcag_violation(device, server, lang):
    found = []
    for path in PAGES:
        device.goto(server + f"{lang}/{path}")
        device.wait_for_load_state("load")
        found += axe_violations(device, f"{lang}/{path or '(home)'} at {device.device} width")
    assert not found, f"{len(found)} axe violation(s):\n" + "\n".join(found)


# A calculator in each of its states: answered (a table, the last day to act), refusing an
# input (the field's message, aria-invalid), and computing (the pending message).
STATES = {
    "answered": ("services/cloud-pro/?billing=monthly&licenses=1&event=2026-11-10", f"#calc-timeline {LIVE}"),
    "answered-price-balance": ("articles/paid-services/?item=prototype&balance=10&stages=4;4;8",
                               f"#calc-balance {LIVE}"),
    "error": ("articles/funds-exhausted/?service=cloud-pro&event=2026-02-30", "#calc-timeline-event-error:not([hidden])"),
    "error-number": ("articles/paid-services/?hours=abc&balance=-1&stages=1", "#calc-balance-balance-error:not([hidden])"),
}


@pytest.mark.parametrize("lang", ["ru", "pl"])
def test_calculators_in_every_state_have_no_wcag_violation(device, server, lang):
    found = []
    for state, (query, ready) in STATES.items():
        device.goto(server + f"{lang}/{query}")
        device.wait_for_selector(ready, timeout=BOOT_MS)
        found += axe_violations(device, f"{lang} calculator {state} at {device.device} width")
        if device.device == "phone":
            shot(device, f"a11y-calc-{state}-{lang}-360")
    # Computing: Pyodide's WebAssembly is held back, so the answer area stays pending, with the
    # bar of the download (the rest of the runtime arrives); then it fails, and offers to try again.
    held = []
    device.context.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    device.goto(server + f"{lang}/articles/paid-services/")
    device.fill("#calc-balance-balance", "7")
    device.wait_for_selector('#calc-balance .kb-calc__result[data-state="pending"] .kb-calc__progress')
    found += axe_violations(device, f"{lang} calculator pending at {device.device} width")
    for route in held:
        route.abort()
    device.wait_for_selector("#calc-balance.kb-calc--unavailable .kb-calc__result button", timeout=BOOT_MS)
    found += axe_violations(device, f"{lang} calculator unavailable at {device.device} width")
    assert not found, f"{len(found)} axe violation(s):\n" + "\n".join(found)
