// Differential test helper: answer requests with the calculators inside the real Pyodide
// runtime, booted exactly as the browser worker boots (generator/runtime/worker.mjs): the
// pinned core, the build's Python library (the trimmed standard library and the calculators,
// compiled) and lock file, and kbdata. One JSON answer per line, then {"pyodide": version, …}.
//   node tests/pyodide_runner.mjs <pyodide dir> <runtime folder> <kbdata file> <requests.jsonl>
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pyodideDir, runtime, kbdata, requests] = process.argv.slice(2);
const { loadPyodide, version } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
const py = await loadPyodide({ indexURL: `${pyodideDir}/`, stdLibURL: `${runtime}/python_stdlib.zip`,
                               lockFileURL: `${runtime}/pyodide-lock.json` });
const browser = py.pyimport("calculators.browser");
browser.init(readFileSync(kbdata, "utf8"));
const out = [];
for (const line of readFileSync(requests, "utf8").split("\n")) {
  if (!line) continue;
  const { request, lang } = JSON.parse(line);
  out.push(browser.answer(JSON.stringify(request), lang));
}
// Proof that this is the shipped library: a module the calculators never import is absent.
const trimmed = py.runPython("import importlib.util; importlib.util.find_spec('sqlite3') is None");
// ... and the calculators answered from the bytecode the site ships, not from sources.
const shipped = py.runPython("import calculators.api as m; m.__spec__.loader.__class__.__name__ + ' ' + m.__file__");
out.push(JSON.stringify({ pyodide: version, trimmed, shipped }));
process.stdout.write(out.join("\n") + "\n");
