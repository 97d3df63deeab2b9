// Benchmark helper: how long Pyodide takes in node to answer one request, booted each way the
// worker could boot. Prints one JSON line: {"ms": [..]} (each run in a fresh process is the
// caller's job: a module cache would make later runs in one process look faster).
//   node bench/boot.mjs <pyodide dir> full|trimmed <runtime folder> <kbdata.json>
// (full: Pyodide's own standard library, and the calculators from the wheel in <folder>/.wheel/;
// trimmed: the folder's Python library, which holds the calculators)
//   node bench/boot.mjs <pyodide dir> snapshot <snapshot.bin.gz>
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";

const [dir, mode, source, kbdata] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(`${dir}/pyodide.mjs`).href);
const request = JSON.stringify({ calc: "timeline", service: "cloud-pro", billing: "hourly", event: "2026-11-01" });
const started = performance.now();
let browser;
if (mode === "snapshot") {
  const image = new Uint8Array(gunzipSync(readFileSync(source)));
  const py = await loadPyodide({ indexURL: `${dir}/`, _loadSnapshot: image });
  browser = py.pyimport("calculators.browser");
} else {
  const options = { indexURL: `${dir}/` };
  if (mode === "trimmed") Object.assign(options, { stdLibURL: `${source}/python_stdlib.zip`,
                                                   lockFileURL: `${source}/pyodide-lock.json` });
  const py = await loadPyodide(options);
  if (mode === "full") py.unpackArchive(new Uint8Array(readFileSync(`${source}/.wheel/kb_calculators-0.1.0-py3-none-any.whl`)), "wheel");
  browser = py.pyimport("calculators.browser");
  browser.init(readFileSync(kbdata, "utf8"));
}
const answer = JSON.parse(browser.answer(request, "ru"));
if (!answer.response.ok) throw new Error("wrong answer");
console.log(JSON.stringify({ ms: performance.now() - started }));
