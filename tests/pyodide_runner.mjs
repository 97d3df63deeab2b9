// Differential test helper: answer requests with the calculators inside the real Pyodide
// runtime (the npm package the site serves), one JSON answer per line. Boots as the browser
// worker does: from the build's memory snapshot, or afresh from the wheel and kbdata.
//   node tests/pyodide_runner.mjs <pyodide dir> <requests.jsonl> snapshot <snapshot.bin.gz>
//   node tests/pyodide_runner.mjs <pyodide dir> <requests.jsonl> wheel <wheel> <kbdata.json>
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";

const [pyodideDir, requests, mode, ...files] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
let browser;
if (mode === "snapshot") {
  const image = new Uint8Array(gunzipSync(readFileSync(files[0])));
  const py = await loadPyodide({ indexURL: `${pyodideDir}/`, _loadSnapshot: image });
  browser = py.pyimport("calculators.browser");
} else {
  const py = await loadPyodide({ indexURL: `${pyodideDir}/` });
  py.unpackArchive(new Uint8Array(readFileSync(files[0])), "wheel"); // a Buffer is not a typed array Pyodide accepts
  browser = py.pyimport("calculators.browser");
  browser.init(readFileSync(files[1], "utf8"));
}
const out = [];
for (const line of readFileSync(requests, "utf8").split("\n")) {
  if (!line) continue;
  const { request, lang } = JSON.parse(line);
  out.push(browser.answer(JSON.stringify(request), lang));
}
const version = pyodideDir && (await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href)).version;
out.push(JSON.stringify({ pyodide: version }));
process.stdout.write(out.join("\n") + "\n");
