"""Snowball stemmers for the browser, translated from the pinned `snowballstemmer` package.

Search stems words twice: when the worker indexes the site and when it reads the reader's
query. Both run the same JavaScript, translated here at build time from the Python that
Snowball 3 generates (the package ships Polish and Russian; no JavaScript package does), so
the algorithm is the package's, not a copy kept by hand. The generated Python is regular:
routines of assignments, `if`, `while True`, and `try`/`except labN` standing for Snowball's
jumps, which become labelled blocks. Anything else stops the build with the construct named,
and tests/test_search_stemmers.py checks the translation against the package word for word.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import re
from pathlib import Path

from generator.data.kbdata.terms import algorithm

BASE = Path(__file__).with_name("snowball_base.js")
OPERATORS = {ast.Eq: "===", ast.NotEq: "!==", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
             ast.Add: "+", ast.Sub: "-", ast.And: "&&", ast.Or: "||", ast.Not: "!", ast.USub: "-"}


class Untranslatable(RuntimeError):
    pass


def method_name(name: str) -> str:
    return "stem_" if name == "_stem" else name.lstrip("_")


class Routine:
    """One method's body as JavaScript statements."""

    def __init__(self, owner: str):
        self.owner = owner
        self.locals: set[str] = set()
        self.labels: list[tuple[str, str]] = []  # (Python label, unique JS label), innermost last
        self.count = 0

    def expr(self, node: ast.expr) -> str:
        match node:
            case ast.Constant(value=bool() as v):
                return "true" if v else "false"
            case ast.Constant(value=str() | int() as v):
                return json.dumps(v, ensure_ascii=False)
            case ast.Name(id=name):
                self.locals.add(name)
                return name
            case ast.Attribute(value=ast.Name(id="self"), attr=attr):
                return f"this.{method_name(attr)}"
            case ast.Attribute(value=ast.Name(id=cls), attr=attr) if cls == self.owner:
                return f"{cls}.{attr}"
            case ast.Call(func=func, args=args) if not node.keywords:
                return f"{self.expr(func)}({', '.join(self.expr(a) for a in args)})"
            case ast.Subscript(value=value, slice=index):
                return f"{self.expr(value)}[{self.expr(index)}]"
            case ast.Compare(left=left, ops=[op], comparators=[right]) if type(op) in OPERATORS:
                return f"({self.expr(left)} {OPERATORS[type(op)]} {self.expr(right)})"
            case ast.BoolOp(op=op, values=values):
                return "(" + f" {OPERATORS[type(op)]} ".join(self.expr(v) for v in values) + ")"
            case ast.UnaryOp(op=op, operand=operand) if type(op) in OPERATORS:
                return f"{OPERATORS[type(op)]}({self.expr(operand)})"
            case ast.BinOp(left=left, op=op, right=right) if type(op) in OPERATORS:
                return f"({self.expr(left)} {OPERATORS[type(op)]} {self.expr(right)})"
        raise Untranslatable(ast.unparse(node))

    def block(self, body: list[ast.stmt], depth: int) -> list[str]:
        return [line for stmt in body for line in self.stmt(stmt, depth)]

    def stmt(self, node: ast.stmt, depth: int) -> list[str]:
        pad = "  " * depth
        match node:
            case ast.Assign(targets=[target], value=value):
                return [f"{pad}{self.expr(target)} = {self.expr(value)};"]
            case ast.AugAssign(target=target, op=op, value=value) if type(op) in (ast.Add, ast.Sub):
                return [f"{pad}{self.expr(target)} {OPERATORS[type(op)]}= {self.expr(value)};"]
            case ast.Expr(value=value):
                return [f"{pad}{self.expr(value)};"]
            case ast.Return(value=value):
                return [f"{pad}return {self.expr(value) if value else ''};"]
            case ast.Break():
                return [f"{pad}break;"]
            case ast.Continue():
                return [f"{pad}continue;"]
            case ast.Pass():
                return []
            case ast.If(test=test, body=body, orelse=orelse):
                lines = [f"{pad}if ({self.expr(test)}) {{", *self.block(body, depth + 1)]
                if orelse:
                    lines += [f"{pad}}} else {{", *self.block(orelse, depth + 1)]
                return lines + [f"{pad}}}"]
            case ast.While(test=ast.Constant(value=True), body=body, orelse=[]):
                return [f"{pad}for (;;) {{", *self.block(body, depth + 1), f"{pad}}}"]
            case ast.Try(body=body, handlers=[ast.ExceptHandler(type=ast.Name(id=label), name=None,
                                                                 body=[ast.Pass()])], orelse=[], finalbody=[]):
                self.count += 1
                unique = f"{label}_{self.count}"
                self.labels.append((label, unique))
                inner = self.block(body, depth + 1)
                self.labels.pop()
                return [f"{pad}{unique}: {{", *inner, f"{pad}}}"]
            case ast.Raise(exc=ast.Call(func=ast.Name(id=label), args=[])):
                for python, unique in reversed(self.labels):
                    if python == label:
                        return [f"{pad}break {unique};"]
        raise Untranslatable(ast.unparse(node))


def among(node: ast.expr, owner: str) -> str:
    """A table of `Among(s, substring_i, result[, method])` entries as arrays."""
    rows = []
    for call in node.elts:
        if not (isinstance(call, ast.Call) and getattr(call.func, "id", None) == "Among"):
            raise Untranslatable(ast.unparse(call))
        s, shorter, result, *method = (ast.literal_eval(a) if isinstance(a, ast.Constant) or isinstance(a, ast.UnaryOp)
                                       else f"{owner}.prototype.{method_name(a.id)}" for a in call.args)
        rows.append(f"[{json.dumps(s, ensure_ascii=False)}, {shorter}, {result}"
                    + (f", {method[0]}]" if method else "]"))
    return "[\n  " + ",\n  ".join(rows) + "\n]"


def translate(language: str) -> tuple[str, str]:
    """The JavaScript class of one language's stemmer: its name (the package's) and source."""
    module = importlib.import_module(f"snowballstemmer.{language}_stemmer")
    tree = ast.parse(inspect.getsource(module))
    (cls,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name.endswith("Stemmer")]
    name = cls.name
    methods, statics = [], []
    for item in cls.body:
        match item:
            case ast.FunctionDef(name=fname, args=args, body=body):
                if [a.arg for a in args.args] != ["self"]:
                    raise Untranslatable(f"{name}.{fname} takes arguments")
                routine = Routine(name)
                lines = routine.block(body, 2)
                declared = [f"    let {', '.join(sorted(routine.locals))};"] if routine.locals else []
                methods.append(f"  {method_name(fname)}() {{\n" + "\n".join(declared + lines) + "\n  }")
            case ast.Assign(targets=[ast.Name(id=target)], value=value):
                if isinstance(value, ast.Set):
                    statics.append(f"{name}.{target} = new Set({json.dumps(sorted(ast.literal_eval(value)), ensure_ascii=False)});")
                elif isinstance(value, ast.List):
                    statics.append(f"{name}.{target} = {among(value, name)};")
                elif isinstance(value, ast.Tuple):
                    statics.append(f"{name}.{target} = {json.dumps(list(ast.literal_eval(value)), ensure_ascii=False)};")
                elif isinstance(value, ast.Constant) and isinstance(value.value, str):  # a grouping, as its letters
                    statics.append(f"{name}.{target} = new Set({json.dumps(sorted(value.value), ensure_ascii=False)});")
                elif isinstance(value, ast.Constant) and isinstance(value.value, int):  # bool too
                    methods.insert(0, f"  {target} = {json.dumps(value.value)};")
                else:
                    raise Untranslatable(ast.unparse(item))
            case ast.Expr(value=ast.Constant(value=str())):
                pass  # the docstring
            case _:
                raise Untranslatable(ast.unparse(item))
    return name, f"class {name} extends SnowballMachine {{\n" + "\n\n".join(methods) + "\n}\n" + "\n".join(statics) + "\n"


def stemmers_script(languages: list[str]) -> str:
    """A classic script (the search worker loads it with importScripts) that defines
    ``self.kbStemmers[lang](word)`` for each language Snowball has."""
    import snowballstemmer

    version = getattr(snowballstemmer, "__version__", "")
    parts = [f"// Snowball stemmers {version}, translated from the snowballstemmer package by generator/search/snowball.py.",
             "(() => {", BASE.read_text(encoding="utf-8")]
    names = {}
    for lang in languages:
        if algorithm(lang):
            names[lang], source = translate(algorithm(lang))
            parts.append(source)
    if not names:
        return parts[0] + "\nself.kbStemmers = {};\n"
    script = "\n".join(parts)
    defined = set(re.findall(r"^  (\w+)\(", script, re.M))
    missing = sorted(set(re.findall(r"this\.(\w+)\(", script)) - defined)
    if missing:
        raise Untranslatable(f"the stemmers call {', '.join(missing)}, which snowball_base.js lacks")
    table = ", ".join(f"{json.dumps(lang)}: new {cls}()" for lang, cls in names.items())
    parts.append(f"const machines = {{{table}}};\n"
                 "self.kbStemmers = Object.fromEntries(Object.entries(machines).map(([lang, m]) => [lang, (w) => m.stemWord(w)]));")
    parts.append("})();")
    return "\n".join(parts) + "\n"
