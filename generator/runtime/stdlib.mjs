// Build step: the Python library the browser worker loads as `stdLibURL`: the part of the
// standard library the calculators need, and the calculators themselves, compiled.
//
// Boots the pinned Pyodide in node with its whole standard library, installs the calculators
// wheel, answers every request of <requests.json> in every language, and records which
// standard-library modules Python imported on the way (its own start-up included) and did not
// find frozen in the WebAssembly. Those and the calculators' modules are compiled by Pyodide's
// own Python to bytecode and written, sorted and stored uncompressed (the host compresses the
// whole file better), to <out.zip>: one download, nothing to unpack, nothing to compile in the
// reader's browser. The standard library's bytecode is most of what a reader downloads before
// the first answer besides the WebAssembly, so it is made small: optimised as `python -OO` (no
// docstrings, no asserts) and without line tables (a traceback inside it names the function,
// not the line). The calculators are optimised alike (they have no asserts and never read a
// docstring) but keep their line tables; their command line (__main__.py) stays out.
// Unchecked-hash .pyc: no timestamps, the same bytes on every build.
//   node generator/runtime/stdlib.mjs <pyodide dir> <wheel> <kbdata.json> <requests.json> <out.zip>
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheel, data, requests, out] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
const py = await loadPyodide({ indexURL: `${pyodideDir}/` });
py.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel"); // a Buffer is not a typed array Pyodide accepts
py.globals.set("KB_DATA", readFileSync(data, "utf8"));
py.globals.set("KB_REQUESTS", readFileSync(requests, "utf8"));
const zip = py.runPython(`
import json, sys
import calculators.browser as kb

kb.init(KB_DATA)
for request in json.loads(KB_REQUESTS):
    for lang in json.loads(KB_DATA)["languages"]:
        kb.answer(json.dumps(request), lang, "null")

ZIP = next(p for p in sys.path if p.endswith(".zip"))
# Taken before this script imports its own tools, which the calculators never need. A module
# the WebAssembly holds frozen (os, codecs, io, site …: Python's own start) names a file in the
# zip it never reads: left out.
used = sorted({m.__file__[len(ZIP) + 1:] for m in list(sys.modules.values())
               if (getattr(m, "__file__", None) or "").startswith(ZIP + "/")
               and getattr(getattr(m, "__spec__", None), "origin", None) != "frozen"})

import importlib.util, io, marshal, pathlib, zipfile

def without_lines(code):
    consts = tuple(without_lines(c) if isinstance(c, type(code)) else c for c in code.co_consts)
    return code.replace(co_linetable=b"", co_consts=consts)

def pyc(text, path, lines):
    code = compile(text, path, "exec", optimize=2, dont_inherit=True)
    header = importlib.util.MAGIC_NUMBER + (1).to_bytes(4, "little") + importlib.util.source_hash(text)
    return header + marshal.dumps(code if lines else without_lines(code))

stdlib = zipfile.ZipFile(ZIP)
package = pathlib.Path(kb.__file__).parent
modules = [(name, stdlib.read(name), ZIP + "/" + name, False) for name in used]
modules += [(f"calculators/{path.name}", path.read_bytes(), f"calculators/{path.name}", True)
            for path in sorted(package.glob("*.py")) if path.name != "__main__.py"]
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as target:
    for name, text, path, lines in sorted(modules):
        entry = zipfile.ZipInfo(name + "c", date_time=(1980, 1, 1, 0, 0, 0))
        entry.external_attr = 0o644 << 16
        target.writestr(entry, pyc(text, path, lines))
buffer.getvalue()
`);
writeFileSync(out, zip.toJs());
zip.destroy();
