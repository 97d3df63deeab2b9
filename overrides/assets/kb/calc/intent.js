// When the calculators' runtime (Pyodide, the calculators, kbdata) starts: only when a reader
// shows intent (focus, a click or a key in a calculator, an edit, or a link that carries its
// inputs). A reader who asked to save data (Save-Data) starts it with a button that says
// its size (calc.js shows it when startFor says no).

import { start } from "./worker-client.js";

const saveData = Boolean(navigator.connection && navigator.connection.saveData);
let agreed = !saveData;

export function consented() {
  return agreed;
}

export function agree() {
  agreed = true;
}

// The runtime's folders are relative to the site root, resolved against the page the reader
// landed on (by a calculator's element, or the <head> meta).
// The site's root, above the language folders: this file is <root>/<lang>/assets/kb/calc/intent.js
// whatever the page's address or the engine (the runtime's folders are named from the root).
export const SITE_ROOT = new URL("../../../../", import.meta.url);

// What a page names (a calculator's data-runtime, data-pyodide and data-kbdata, or the same
// on the <head> meta), as the absolute URLs the worker client takes.
export function runtimeUrls(dataset, root = SITE_ROOT) {
  return { worker: new URL(`${dataset.runtime}worker.mjs`, root).href, pyodide: new URL(dataset.pyodide, root).href,
           kbdata: new URL(dataset.kbdata, root).href };
}

function startFrom(dataset) {
  if (!agreed) return false;
  start(runtimeUrls(dataset));
  return true;
}

// Starts the runtime the calculator's page names; false while Save-Data waits for the button.
export function startFor(calc) {
  return startFrom(calc.el.dataset);
}

// A support agent's link: the runtime starts while the page is still being parsed, not when
// the form is bound after it (overrides/main.html puts the meta, with the fields of the
// page's own calculators, on calculator pages).
export function startEarly() {
  const meta = document.querySelector('meta[name="kb-calc"]');
  if (!meta) return;
  const params = new URLSearchParams(location.search);
  if (!meta.dataset.fields.split(" ").some((name) => params.get(name))) return;
  startFrom(meta.dataset);
}

// Intent: focus, a click, a key, or a mouse or pen pressed in a calculator. A finger that
// touches it to scroll the page is not intent (a tap is: it clicks or focuses).
const INTENT = ["focusin", "click", "keydown", "pointerdown"];

export function watchIntent(calc) {
  const intent = (event) => {
    if (event.type === "pointerdown" && event.pointerType === "touch") return;
    if (!startFor(calc)) return;
    for (const type of INTENT) calc.el.removeEventListener(type, intent, true);
  };
  for (const type of INTENT) calc.el.addEventListener(type, intent, true);
}
