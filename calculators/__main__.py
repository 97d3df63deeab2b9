"""The command line door to the calculators (the same ``api.run`` as the site and the browser).

    python -m calculators timeline --service ID --event YYYY-MM-DD [--billing KIND]
                                   [--period-end YYYY-MM-DD] [--licenses] [--lang LANG] [--json]
    python -m calculators price (--item ID | --hours H [--hours-max H] --role ROLE)
                                [--rate R] [--lang LANG] [--json]
    python -m calculators balance --balance H --stages "H1; H2; ..." [--json]

The options are the request vocabulary of ``calculators.api`` (FIELDS); billing kinds, roles
and languages are the knowledge base's own.

The knowledge base comes from ``--data kbdata.json`` (or $KB_DATA), by default from this
repository's kbdata/, validated by ``python -m generator.site.build --export-json``. Today's date
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

from .api import DERIVED, FIELDS, FLAGS, param, run
from .model import Model, from_dict
from .view import view

ROOT = Path(__file__).resolve().parent.parent


PROG = "python -m calculators"


def printable(text: str) -> str:
    """What a terminal shows as typed: control characters (escape codes) spelled out."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not a usage dump
        self.exit(2, f"{self.prog}: {printable(message)} (see --help)\n")


# How each field of the request vocabulary (calculators.api.FIELDS) reads on the command line;
# the fields themselves, the flags and the choices come from the API and the knowledge base.
HELP = {
    "service": ("ID", "the service (kbdata/services.yaml)"),
    "event": ("YYYY-MM-DD", "day 1: the day funds ran out / the service was deactivated / the contract ended"),
    "billing": (None, "billing kind (default: the service's first)"),
    "period_end": ("YYYY-MM-DD", "the renewal day: the end of the prepaid billing period"),
    "licenses": (None, "the server has monthly licences (MS SQL, CAL)"),
    "item": ("ID", "a paid service or example row of the price list"),
    "hours": ("H", "norm-hours (with --role); decimal point or comma"),
    "hours_max": ("H", "upper bound of a range of norm-hours"),
    "role": (None, "who does the work (sets K)"),
    "rate": ("R", "a contract's own norm-hour rate (default: the KB's)"),
    "balance": ("H", "prepaid norm-hours"),
    "stages": ("H1;H2;...", "norm-hours of each stage, separated by semicolons (4,5; 8)"),
}
SUMMARY = {"timeline": "when a service is switched off, archived, deleted",
           "price": "what a request costs", "balance": "do prepaid norm-hours cover every stage"}


def parser(model: Model) -> Parser:
    top = Parser(prog="python -m calculators", description="Deadline, price and balance calculators.")
    top.add_argument("--data", type=Path, help="validated kbdata JSON (default: this repository's kbdata/)")
    choices = {"billing": list(model.billing), "role": list(model.prices.coefficients)}
    sub = top.add_subparsers(dest="calc", required=True, parser_class=Parser)
    for calc, fields in FIELDS.items():
        each = sub.add_parser(calc, help=SUMMARY[calc])
        for field in fields:
            if field in DERIVED:
                continue
            metavar, text = HELP[field]
            if field in FLAGS:
                each.add_argument(f"--{param(field)}", action="store_true", help=text)
            else:
                each.add_argument(f"--{param(field)}", metavar=metavar, choices=choices.get(field), help=text)
        each.add_argument("--lang", choices=list(model.languages), default=model.languages[0],
                          help="language of the answer")
        each.add_argument("--json", action="store_true", help="print the result as JSON")
    return top


def load_model(path: Path | None) -> Model:
    path = path or (Path(os.environ["KB_DATA"]) if os.environ.get("KB_DATA") else None)
    if path is not None:
        try:
            return from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise SystemExit2(f"--data: cannot read validated kbdata JSON from {printable(str(path))} "
                              f"({type(exc).__name__}); make one with `python -m generator.site.build --export-json`")
    # In this repository: validate kbdata/ with the build's own loader (a separate tool: the
    # calculators package itself imports nothing outside the standard library).
    done = subprocess.run([sys.executable, "-m", "generator.site.build", "--export-json"], cwd=ROOT,
                          capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))))
    if done.returncode != 0:
        raise SystemExit(done.stderr.strip() or "could not load kbdata (try --data site/calc/kbdata.<digest>.json)")
    return from_dict(json.loads(done.stdout))


def request_of(args: argparse.Namespace) -> dict[str, Any]:
    request: dict[str, Any] = {"calc": args.calc}
    for field in FIELDS[args.calc]:
        value = getattr(args, field, None)
        if value not in (None, False):
            request[field] = value
    if args.calc == "price":
        if args.item is None and args.hours is None:
            raise SystemExit2("give --item ID, or --hours H with --role")
        if args.item is not None and (args.hours or args.hours_max or args.role):
            raise SystemExit2("--item takes its hours and role from the price list: drop --hours/--hours-max/--role")
        if args.hours is not None and args.role is None:
            raise SystemExit2("--role is required with --hours")
        request["today"] = today()
    elif args.calc == "timeline" and args.event is None:
        raise SystemExit2("--event is required")
    elif args.calc == "timeline" and args.service is None:
        raise SystemExit2("--service is required")
    return request


class SystemExit2(Exception):
    pass


def say(text: str) -> None:
    """One line on stderr, if there is a stderr to write to (never stdout instead)."""
    if sys.stderr is None:
        return
    try:
        print(text, file=sys.stderr)
    except OSError:
        pass


def today() -> str:
    value = os.environ.get("KB_TODAY")
    if not value:
        return date.today().isoformat()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise SystemExit2("KB_TODAY must be a date YYYY-MM-DD (or unset: the machine's date)") from None


def main(argv: list[str] | None = None) -> int:
    first = argparse.ArgumentParser(add_help=False)  # --data decides the choices of the rest
    first.add_argument("--data", type=Path)
    try:
        model = load_model(first.parse_known_args(argv)[0].data)
    except SystemExit2 as exc:
        say(f"{PROG}: {exc}")
        return 2
    args = parser(model).parse_args(argv)
    try:
        request = request_of(args)
    except SystemExit2 as exc:
        say(f"{PROG} {args.calc}: {exc}")
        return 2
    response = run(model, request)
    shown = view(model, args.lang, response)
    if not response["ok"]:
        option = "--" + response["error"]["field"].replace("_", "-")
        say(f"{PROG} {args.calc}: {option}: {shown['error']}")
        return 2
    text = json.dumps(response["result"], ensure_ascii=False, indent=2) if args.json else shown["text"]
    if sys.stdout is None:  # started with stdout closed
        return 1
    try:
        sys.stdout.reconfigure(errors="backslashreplace")  # a terminal that cannot show Cyrillic still gets the answer
        print(text, flush=True)
    except BrokenPipeError:  # `| head -1`: the reader has what it wanted
        sys.stdout = None  # nothing more to flush at exit
        return 1
    except OSError as exc:  # a full disk
        say(f"{PROG}: cannot write the answer: {exc.strerror or exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
