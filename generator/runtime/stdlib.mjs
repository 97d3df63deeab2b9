// Build step: the part of Python's standard library the calculators need, compiled.
//
// Boots the pinned Pyodide in node with its whole standard library, installs the calculators
// wheel, answers every request of <requests.json> in every language, and records which
// standard-library modules Python imported on the way (its own start-up included). Those are
// compiled by Pyodide's own Python to bytecode (unchecked-hash .pyc: no timestamps, the same
// bytes on every build) and written, sorted and stored uncompressed (the host compresses
// the whole file better), to <out.zip>, which the browser worker loads as `stdLibURL`.
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
import importlib.util, io, json, os, py_compile, sys, zipfile
import calculators.browser as kb

kb.init(KB_DATA)
for request in json.loads(KB_REQUESTS):
    for lang in json.loads(KB_DATA)["languages"]:
        kb.answer(json.dumps(request), lang, "null")

ZIP = next(p for p in sys.path if p.endswith(".zip"))
used = sorted({m.__file__[len(ZIP) + 1:] for m in list(sys.modules.values())
               if (getattr(m, "__file__", None) or "").startswith(ZIP + "/")})
source = zipfile.ZipFile(ZIP)
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as target:
    for name in used:
        py_path = "/tmp/kb-stdlib/" + name
        os.makedirs(os.path.dirname(py_path), exist_ok=True)
        with open(py_path, "wb") as f:
            f.write(source.read(name))
        pyc = py_compile.compile(py_path, cfile=py_path + "c", dfile=ZIP + "/" + name, doraise=True,
                                 invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
        entry = zipfile.ZipInfo(name + "c", date_time=(1980, 1, 1, 0, 0, 0))
        entry.external_attr = 0o644 << 16
        with open(pyc, "rb") as f:
            target.writestr(entry, f.read())
buffer.getvalue()
`);
writeFileSync(out, zip.toJs());
zip.destroy();
