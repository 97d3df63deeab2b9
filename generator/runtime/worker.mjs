// The calculators' worker: owns Pyodide and the calculators package, off the main thread.
// It lives in site/calc/<version>/ beside the files it loads (generator/runtime/__init__.py).
//
// Messages (every one carries the id of the request it answers):
//   page -> worker  {type: "INIT", id, pyodide, kbdata}         Pyodide's folder and kbdata's file, on the site's own origin
//                   {type: "RUN", id, lang, request, scope}    request in the shared vocabulary;
//                                                              scope: what this calculator offers
//   worker -> page  {type: "READY", id}
//                   {type: "RESULT", id, answer}               answer = {response, view}
//                   {type: "ERROR", id, message}
//
// onmessage is registered before anything is awaited: Pyodide 314 runs in module workers only,
// and a message sent while the module is still evaluating must not be lost.

let booting = null; // Promise of the Python function calculators.browser.answer

self.onmessage = (event) => {
  const message = event.data || {};
  if (message.type === "INIT") {
    booting = booting || boot(message);
    booting.then(
      () => self.postMessage({ type: "READY", id: message.id }),
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

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

// When its WebAssembly cannot be fetched, loadPyodide only warns on the console and never
// settles; turn that warning into a failure the page can report at once.
let failure = null;
function loadFailure() {
  failure = failure || new Promise((_, reject) => {
    for (const level of ["warn", "error"]) {
      const original = console[level].bind(console);
      console[level] = (...args) => {
        const text = args.map(String).join(" ");
        if (/wasm instantiation failed|Failed to fetch|NetworkError|Aborted\(/.test(text)) reject(new Error(text.slice(0, 200)));
        original(...args);
      };
    }
  });
  return failure;
}

// Python starts from the folder's trimmed, compiled standard library and a lock file that
// lists no packages (so nothing is ever fetched from elsewhere); the calculators' wheel and
// the kbdata come while it starts. Only public loadPyodide options are used.
async function boot({ pyodide, kbdata }) {
  const here = (name) => new URL(name, import.meta.url).href;
  const { loadPyodide } = await import(new URL("pyodide.mjs", pyodide).href);
  const [py, wheelBytes, dataText] = await Promise.race([
    loadFailure(),
    Promise.all([
      loadPyodide({ indexURL: pyodide, stdLibURL: here("python_stdlib.zip"), lockFileURL: here("pyodide-lock.json") }),
      fetchOk(here("kb_calculators-0.1.0-py3-none-any.whl")).then((r) => r.arrayBuffer()),
      fetchOk(kbdata).then((r) => r.text()),
    ]),
  ]);
  py.unpackArchive(wheelBytes, "wheel");
  const browser = py.pyimport("calculators.browser");
  browser.init(dataText);
  return browser.answer;
}
