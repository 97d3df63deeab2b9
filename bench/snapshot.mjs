// Benchmark helper (bench/runtime_boot.py): the alternative the site does not ship, a Pyodide
// memory snapshot taken after the calculators are imported and the knowledge base is loaded,
// gzip-compressed. Booting from it skips Python's start-up, but it is ~4 MB more to download.
// Uses Pyodide's private _makeSnapshot: a change in an upgrade fails the benchmark loudly.
//   node bench/snapshot.mjs <pyodide dir> <calculators wheel> <kbdata.json> <out.gz>
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const [pyodideDir, wheel, data, out] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
const py = await loadPyodide({ indexURL: `${pyodideDir}/`, _makeSnapshot: true });
py.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel"); // a Buffer is not a typed array Pyodide accepts
py.globals.set("KB_DATA", readFileSync(data, "utf8"));
// No JavaScript may hold a Python object when the snapshot is taken: run, don't pyimport.
py.runPython("import calculators.browser as _kb\n_kb.init(KB_DATA)\ndel KB_DATA, _kb");
writeFileSync(out, gzipSync(py.makeMemorySnapshot(), { level: 6 }));
