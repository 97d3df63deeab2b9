"""The command line door to the calculators (the same ``api.run`` as the site and the browser).

    python -m calculators timeline --service ID --event YYYY-MM-DD [--billing hourly|monthly|yearly]
                                   [--period-end YYYY-MM-DD] [--licenses] [--lang ru|pl] [--json]
    python -m calculators price (--item ID | --hours H [--hours-max H] --role developer|content)
                                [--rate R] [--lang ru|pl] [--json]
    python -m calculators balance --balance H --stages H1,H2,... [--json]

The knowledge base comes from ``--data kbdata.json`` (or $KB_DATA), by default from this
repository's kbdata/, validated by ``python -m macros.build --export-json``. Today's date
(which rate is in force) is the machine's date, or $KB_TODAY. Bad input: exit status 2 and
one line on stderr naming the option.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from .api import run
from .model import Model, from_dict
from .view import view

ROOT = Path(__file__).resolve().parent.parent


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not a usage dump
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def parser() -> Parser:
    top = Parser(prog="python -m calculators", description="Deadline, price and balance calculators.")
    top.add_argument("--data", type=Path, help="validated kbdata JSON (default: this repository's kbdata/)")
    sub = top.add_subparsers(dest="calc", required=True, parser_class=Parser)
    timeline = sub.add_parser("timeline", help="when a service is switched off, archived, deleted")
    timeline.add_argument("--service", required=True, metavar="ID")
    timeline.add_argument("--event", required=True, metavar="YYYY-MM-DD",
                          help="the day funds ran out / the service was deactivated / the contract ended")
    timeline.add_argument("--billing", choices=["hourly", "monthly", "yearly"])
    timeline.add_argument("--period-end", metavar="YYYY-MM-DD", help="last day of the prepaid billing period")
    timeline.add_argument("--licenses", action="store_true", help="the server has monthly licences (MS SQL, CAL)")
    price = sub.add_parser("price", help="what a request costs")
    what = price.add_mutually_exclusive_group(required=True)
    what.add_argument("--item", metavar="ID", help="a paid service or example row of the price list")
    what.add_argument("--hours", metavar="H", help="norm-hours (with --role)")
    price.add_argument("--hours-max", metavar="H", help="upper bound of a range of norm-hours")
    price.add_argument("--role", choices=["developer", "content"])
    price.add_argument("--rate", metavar="R", help="a contract's own norm-hour rate (default: the KB's)")
    balance = sub.add_parser("balance", help="do prepaid norm-hours cover every stage")
    balance.add_argument("--balance", required=True, metavar="H")
    balance.add_argument("--stages", required=True, metavar="H1,H2,...")
    for each in (timeline, price, balance):
        each.add_argument("--lang", choices=["ru", "pl"], default="ru", help="language of the answer")
        each.add_argument("--json", action="store_true", help="print the result as JSON")
    return top


def load_model(path: Path | None) -> Model:
    path = path or (Path(os.environ["KB_DATA"]) if os.environ.get("KB_DATA") else None)
    if path is not None:
        return from_dict(json.loads(path.read_text(encoding="utf-8")))
    # In this repository: validate kbdata/ with the build's own loader (a separate tool: the
    # calculators package itself imports nothing outside the standard library).
    done = subprocess.run([sys.executable, "-m", "macros.build", "--export-json"], cwd=ROOT,
                          capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))))
    if done.returncode != 0:
        raise SystemExit(done.stderr.strip() or "could not load kbdata (try --data site/kbdata.json)")
    return from_dict(json.loads(done.stdout))


def request_of(args: argparse.Namespace) -> dict[str, Any]:
    fields = {"timeline": ("service", "event", "billing", "period_end", "licenses"),
              "price": ("item", "hours", "hours_max", "role", "rate"),
              "balance": ("balance", "stages")}[args.calc]
    request: dict[str, Any] = {"calc": args.calc}
    for field in fields:
        value = getattr(args, field)
        if value not in (None, False):
            request[field] = value
    if args.calc == "price":
        if args.hours is not None and args.role is None:
            raise SystemExit2("--role is required with --hours (developer or content)")
        if args.item is not None and (args.hours_max or args.role):
            raise SystemExit2("--item takes its hours and role from the price list: drop --hours-max/--role")
        request["today"] = os.environ.get("KB_TODAY") or date.today().isoformat()
    return request


class SystemExit2(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        request = request_of(args)
    except SystemExit2 as exc:
        print(f"python -m calculators {args.calc}: {exc}", file=sys.stderr)
        return 2
    model = load_model(args.data)
    response = run(model, request)
    shown = view(model, args.lang, response)
    if not response["ok"]:
        option = "--" + response["error"]["field"].replace("_", "-")
        print(f"python -m calculators {args.calc}: {option}: {shown['error']}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(response["result"], ensure_ascii=False, indent=2))
    else:
        print(shown["text"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
