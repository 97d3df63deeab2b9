// The page's side of the calculators' worker (site/calc/<version>/worker.mjs), one per page
// lifetime: it survives instant navigation. Typed messages, each with an id:
//   page -> worker  INIT {pyodide, kbdata}   RUN {lang, request, scope}
//   worker -> page  PROGRESS {loaded} | READY {timings} | RESULT {answer} | ERROR {message}

// A last resort for a worker that never answers: failures are reported by the worker at
// once, and a slow phone may need minutes for the runtime's first download.
const BOOT_TIMEOUT_MS = 600000;

const runtime = {
  worker: null,
  url: null, // the worker script's URL and kbdata's: the runtime's version and the data's
  state: "idle", // idle | starting | ready | failed
  nextId: 1,
  calls: new Map(), // id -> {resolve, reject}
  waiting: [], // runs asked for before the worker was ready
  failures: new Set(), // callbacks told once the runtime cannot start
  progress: new Set(), // callbacks told how many bytes of the runtime have arrived
  loaded: null, // the last count, while it starts
};

export function runtimeState() {
  return runtime.state;
}

// After a failure, the reader's next edit tries again with a new worker (the network may
// be back); the calls made meanwhile have been told it failed.
export function retry() {
  if (runtime.state === "failed") runtime.state = "idle";
}

export function onFailure(callback) {
  runtime.failures.add(callback);
}

// How far the runtime's download is: callback(loaded) as bytes arrive, decoded (the page
// knows how many it takes); loaded() is the last count while it starts, else null.
export function onProgress(callback) {
  runtime.progress.add(callback);
}

export function loaded() {
  return runtime.state === "starting" ? runtime.loaded : null;
}

function fail(error) {
  if (runtime.state === "failed" || runtime.state === "idle") return;
  runtime.state = "failed";
  if (runtime.worker) runtime.worker.terminate();
  runtime.worker = null;
  console.warn("calculators unavailable:", error && error.message);
  for (const call of [...runtime.calls.values(), ...runtime.waiting.map((w) => w.call)]) call.reject(error);
  runtime.calls.clear();
  runtime.waiting = [];
  for (const callback of runtime.failures) callback(error);
}

const identity = (urls) => `${urls.worker} ${urls.kbdata}`;

// The calculators of a page need the runtime version and the kbdata that page names. After a
// deploy, instant navigation brings pages that name newer ones: the worker of the old version
// (or of the old kbdata) is let go, and what was asked of it is asked again of the new one,
// which starts at the reader's next intent.
export function use(urls) {
  const url = identity(urls);
  if (runtime.url === url || runtime.url === null) return;
  if (runtime.worker) runtime.worker.terminate();
  const again = [...runtime.calls.values()];
  runtime.worker = null;
  runtime.url = null;
  runtime.state = "idle";
  runtime.calls.clear();
  for (const call of again) call.reject(Object.assign(new Error("a newer version of the runtime"), { again: true }));
}

function post(message, call) {
  const id = runtime.nextId++;
  runtime.calls.set(id, call);
  runtime.worker.postMessage({ ...message, id });
}

// urls: {worker, pyodide, kbdata}, absolute, on the site's own origin; the worker finds the
// rest beside itself. (Starting the large downloads from the page as well, two round trips
// sooner, measured no faster on the slow phone, whose bandwidth is the limit, and 0.5 s sooner
// on 12 Mbit/s in Chromium, whose HTTP cache lets the worker read the page's download while it
// is still coming. A browser whose cache does not would fetch the 3.5 MB twice: not done.)
export function start(urls) {
  use(urls);
  if (runtime.state !== "idle") return;
  runtime.state = "starting";
  runtime.url = identity(urls);
  runtime.loaded = null;
  performance.mark("kb-runtime-start"); // benchmarks: bench/waterfall.py
  let worker;
  try {
    worker = new Worker(urls.worker, { type: "module" });
  } catch (error) {
    fail(error);
    return;
  }
  runtime.worker = worker;
  const timer = setTimeout(() => fail(new Error("timeout")), BOOT_TIMEOUT_MS);
  worker.onmessage = (event) => {
    const message = event.data || {};
    if (message.type === "PROGRESS") {
      if (runtime.worker !== worker || runtime.state !== "starting") return;
      runtime.loaded = message.loaded;
      for (const callback of runtime.progress) callback(message.loaded);
      return;
    }
    const call = runtime.calls.get(message.id);
    runtime.calls.delete(message.id);
    if (!call) return;
    if (message.type === "ERROR") call.reject(new Error(message.message));
    else call.resolve(message);
  };
  worker.onerror = (event) => {
    clearTimeout(timer);
    fail(new Error(event.message || "worker error"));
  };
  const ready = {
    resolve: ({ timings }) => {
      clearTimeout(timer);
      runtime.state = "ready";
      // When each phase of the worker's start ended, on the page's clock (bench/waterfall.py).
      for (const [phase, at] of Object.entries(timings || {})) {
        performance.mark(`kb-runtime-${phase}`, { startTime: Math.max(0, at - performance.timeOrigin) });
      }
      for (const { message, call } of runtime.waiting) post(message, call);
      runtime.waiting = [];
    },
    reject: (error) => {
      clearTimeout(timer);
      fail(error);
    },
  };
  post({ type: "INIT", pyodide: urls.pyodide, kbdata: urls.kbdata }, ready);
}

// The answer ({response, view}) to a request, once the runtime is ready.
export function ask(lang, request, scope) {
  return new Promise((resolve, reject) => {
    const call = { resolve: (message) => resolve(message.answer), reject };
    const message = { type: "RUN", lang, request, scope };
    if (runtime.state === "failed") reject(new Error("unavailable"));
    else if (runtime.state === "ready") post(message, call);
    else runtime.waiting.push({ message, call });
  });
}
