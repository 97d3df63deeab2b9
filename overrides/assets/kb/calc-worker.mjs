// The calculators' worker: owns Pyodide and the calculators package, off the main thread.
//
// Messages (every one carries the id of the request it answers):
//   page -> worker  {type: "INIT", id, pyodide, snapshot, wheel, data}   URLs on the site's own origin
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

async function boot({ pyodide, snapshot, wheel, data }) {
  const { loadPyodide } = await import(new URL("pyodide.mjs", pyodide).href);
  if (snapshot && typeof DecompressionStream === "function") {
    try {
      // The build's memory image: Python already started, calculators imported, kbdata loaded.
      const image = fetchOk(snapshot).then((r) =>
        new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
      const py = await Promise.race([loadFailure(), loadPyodide({ indexURL: pyodide, _loadSnapshot: image })]);
      return py.pyimport("calculators.browser").answer;
    } catch (error) {
      console.warn("booting from the snapshot failed, starting Python afresh:", error && error.message);
    }
  }
  const [py, wheelBytes, dataText] = await Promise.race([
    loadFailure(),
    Promise.all([
      loadPyodide({ indexURL: pyodide }),
      fetchOk(wheel).then((r) => r.arrayBuffer()),
      fetchOk(data).then((r) => r.text()),
    ]),
  ]);
  py.unpackArchive(wheelBytes, "wheel");
  const browser = py.pyimport("calculators.browser");
  browser.init(dataText);
  return browser.answer;
}
