"""The requests the build answers inside Pyodide to learn which standard-library modules the
calculators import: every calculator, every service and billing kind, every paid item, the
options, and wrong input of every kind (error paths import too). The differential test
(tests/test_pyodide.py) then answers hundreds more with the trimmed library the site ships,
so a module missed here fails there, not in a reader's browser.
"""

from __future__ import annotations

from typing import Any


def probe_requests(data: dict[str, Any]) -> list[Any]:
    out: list[Any] = []
    for service in data["services"]:
        for billing in [*service.get("billing", []), None]:
            request = {"calc": "timeline", "service": service["id"], "event": "2024-02-29"}
            if billing:
                request["billing"] = billing
            out += [request, {**request, "period-end": "2024-03-31", "licenses": "1"},
                    {**request, "event": "9999-12-31"}]
    items = [item["id"] for table in data["prices"].get("tables", []) for item in table.get("items", [])]
    items += [item["id"] for item in data["prices"].get("regulated", [])]
    out += [{"calc": "price", "item": item, "today": "2026-01-15"} for item in items]
    out += [{"calc": "price", "item": item, "rate": "1234,56"} for item in items[:2]]
    out += [
        {"calc": "price", "hours": "1,5", "hours-max": "2.25", "role": "developer", "rate": "2500"},
        {"calc": "price", "hours": "12345678901234567890", "role": "content"},
        {"calc": "balance", "balance": "20", "stages": "8; 8; 8"},
        {"calc": "balance", "balance": "0,5", "stages": "1;;x"},
        {"calc": "timeline", "service": "no-such", "event": "2026-02-30"},
        {"calc": "timeline", "event": "01.11.2026", "licenses": "maybe"},
        {"calc": "price", "hours": "-1", "rate": "abc", "colour": "red"},
        {"calc": "nope"}, [], "text", None,
    ]
    return out
