// The calculators' worker: owns Pyodide and the calculators package, off the main thread.
// It lives in site/calc/<version>/ beside the files it loads (generator/runtime/__init__.py).
//
// Messages (every one carries the id of the request it answers):
//   page -> worker  {type: "INIT", id, pyodide, kbdata}         Pyodide's folder and kbdata's file, on the site's own origin
//                   {type: "RUN", id, lang, request, scope}    request in the shared vocabulary;
//                                                              scope: what this calculator offers
//   worker -> page  {type: "PROGRESS", id, loaded}              decoded bytes of the runtime's downloads so far
//                   {type: "READY", id, timings}               timings: {phase: ms since the epoch}
//                   {type: "RESULT", id, answer}               answer = {response, view}
//                   {type: "ERROR", id, message}
//
// onmessage is registered before anything is awaited: Pyodide 314 runs in module workers only,
// and a message sent while the module is still evaluating must not be lost.

let booting = null; // Promise of the Python function calculators.browser.answer

self.onmessage = (event) => {
  const message = event.data || {};
  if (message.type === "INIT") {
    booting = booting || boot(message, (loaded) => self.postMessage({ type: "PROGRESS", id: message.id, loaded }));
    booting.then(
      () => self.postMessage({ type: "READY", id: message.id, timings }),
      (error) => self.postMessage({ type: "ERROR", id: message.id, message: String(error && error.message || error) }),
    );
  } else if (message.type === "RUN") {
    if (!booting) {
      self.postMessage({ type: "ERROR", id: message.id, message: "RUN before INIT" });
      return;
    }
    booting
      .then((answer) => {
        const text = answer(JSON.stringify(message.request), String(message.lang || ""),
                            JSON.stringify(message.scope || null));
        self.postMessage({ type: "RESULT", id: message.id, answer: JSON.parse(text) });
      })
      .catch((error) => self.postMessage({ type: "ERROR", id: message.id, message: String(error && error.message || error) }));
  }
};

function ok(response) {
  if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
  return response;
}

// When its WebAssembly cannot be fetched, loadPyodide only warns on the console and never
// settles; turn that warning into a failure the page can report at once. The fetch it left
// unhandled is that same failure, already reported: not thrown at the page a second time.
const DOWNLOAD_FAILED = /wasm instantiation failed|Failed to fetch|NetworkError|Aborted\(/;
let failure = null;
function loadFailure() {
  failure = failure || new Promise((_, reject) => {
    for (const level of ["warn", "error"]) {
      const original = console[level].bind(console);
      console[level] = (...args) => {
        const text = args.map(String).join(" ");
        if (DOWNLOAD_FAILED.test(text)) reject(new Error(text.slice(0, 200)));
        original(...args);
      };
    }
  });
  return failure;
}
self.addEventListener("unhandledrejection", (event) => {
  if (failure && DOWNLOAD_FAILED.test(String(event.reason && event.reason.message))) event.preventDefault();
});

// When each phase of the start ended (the page's benchmarks and field timing read them).
const timings = {};
const mark = (phase) => { timings[phase] = performance.timeOrigin + performance.now(); };

// How far the downloads are, for the page's progress bar: every response Pyodide fetches while
// it starts (its WebAssembly, the Python library, the lock file) is read a second time, from a
// copy, counting its bytes as they arrive. The original goes on to its reader untouched, so the
// WebAssembly still compiles as it streams. (kbdata, fetched meanwhile, is not counted: the
// page's 100 % is the runtime's files, whatever the data.)
function counting(fetch, report) {
  let loaded = 0;
  let last = 0;
  const add = (bytes) => {
    loaded += bytes;
    if (performance.now() - last < 100) return; // ten a second are enough for a progress bar
    last = performance.now();
    report(loaded);
  };
  return async (...args) => {
    const response = await fetch(...args);
    if (response.ok && response.body) {
      const reader = response.clone().body.getReader();
      const read = () => reader.read().then(({ done, value }) => done ? report(loaded) : (add(value.byteLength), read()));
      read().catch(() => {});
    }
    return response;
  };
}

// Python starts from the folder's Python library (the trimmed standard library and the
// calculators, compiled) and a lock file that lists no packages (so nothing is ever fetched
// from elsewhere); kbdata comes while it starts. Only public loadPyodide options are used.
async function boot({ pyodide, kbdata }, report) {
  const here = (name) => new URL(name, import.meta.url).href;
  const fetch = self.fetch;
  const data = fetch(kbdata);
  data.catch(() => {}); // a failure is reported once, where it is awaited
  self.fetch = counting(fetch.bind(self), report); // the downloads Pyodide starts
  try {
    const { loadPyodide } = await import(new URL("pyodide.mjs", pyodide).href);
    mark("loader");
    const [py, dataText] = await Promise.race([
      loadFailure(),
      Promise.all([
        loadPyodide({ indexURL: pyodide, stdLibURL: here("python_stdlib.zip"), lockFileURL: here("pyodide-lock.json") })
          .then((py) => (mark("python"), py)),
        data.then(ok).then((r) => r.text()),
      ]),
    ]);
    const browser = py.pyimport("calculators.browser");
    browser.init(dataText);
    mark("calculators");
    return browser.answer;
  } finally {
    self.fetch = fetch;
  }
}
