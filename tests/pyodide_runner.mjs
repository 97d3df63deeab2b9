// Differential test helper: answer requests with the calculators wheel inside the real
// Pyodide runtime (the npm package the site serves), one JSON answer per line.
//   node tests/pyodide_runner.mjs <pyodide dir> <wheel> <kbdata.json> <requests.jsonl>
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheel, data, requests] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
const py = await loadPyodide({ indexURL: `${pyodideDir}/` });
py.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel"); // a Buffer is not a typed array Pyodide accepts
const browser = py.pyimport("calculators.browser");
browser.init(readFileSync(data, "utf8"));
const out = [];
for (const line of readFileSync(requests, "utf8").split("\n")) {
  if (!line) continue;
  const { request, lang } = JSON.parse(line);
  out.push(browser.answer(JSON.stringify(request), lang));
}
out.push(JSON.stringify({ python: py.runPython("import sys; sys.version.split()[0]") }));
process.stdout.write(out.join("\n") + "\n");
