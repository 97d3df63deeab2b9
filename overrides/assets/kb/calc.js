// Calculators on the page: read their inputs from the URL, keep the URL current, ask the
// worker (Pyodide, started only on pages with a calculator, when one is visible or the page
// is idle) and write its answer with textContent. Until the worker answers, the page shows
// the answer the build computed with the same Python. With instant navigation this module
// stays alive: calculators are bound again on every page, the worker and Pyodide survive.

const FIELDS = {
  timeline: ["service", "event", "billing", "period-end", "licenses"],
  price: ["item", "hours", "hours-max", "role", "rate"],
  balance: ["balance", "stages"],
};
const BOOT_TIMEOUT_MS = 120000; // a last resort: failures are reported by the worker at once

const runtime = {
  worker: null,
  state: "idle", // idle | starting | ready | failed
  nextId: 1,
  calls: new Map(), // id -> calculator waiting for that answer
  queued: new Set(), // calculators to run once the worker is ready
  all: new Set(), // bound calculators of the current page
};

// --- the worker -------------------------------------------------------------------------

function startWorker(calc) {
  if (runtime.state !== "idle") return;
  runtime.state = "starting";
  const root = new URL(calc.el.dataset.root, location.href);
  const version = calc.el.dataset.version;
  let worker;
  try {
    worker = new Worker(new URL(`./calc-worker.mjs?v=${version}`, import.meta.url), { type: "module" });
  } catch (error) {
    failWorker(error);
    return;
  }
  runtime.worker = worker;
  const id = runtime.nextId++;
  const timer = setTimeout(() => failWorker(new Error("timeout")), BOOT_TIMEOUT_MS);
  worker.onmessage = (event) => {
    const message = event.data || {};
    if (message.id === id) {
      clearTimeout(timer);
      if (message.type === "READY") {
        runtime.state = "ready";
        for (const waiting of runtime.queued) run(waiting);
        runtime.queued.clear();
      } else {
        failWorker(new Error(message.message));
      }
      return;
    }
    const target = runtime.calls.get(message.id);
    runtime.calls.delete(message.id);
    if (!target || message.id !== target.latest) return; // an answer overtaken by a newer edit
    if (message.type === "RESULT") show(target, message.answer.view);
    else markUnavailable(target);
  };
  worker.onerror = (event) => {
    clearTimeout(timer);
    failWorker(new Error(event.message || "worker error"));
  };
  worker.postMessage({
    type: "INIT",
    id,
    pyodide: new URL(calc.el.dataset.pyodide, root).href,
    snapshot: new URL(`calc/pyodide-snapshot.bin.gz?v=${version}`, root).href,
    wheel: new URL(`${calc.el.dataset.wheel}?v=${version}`, root).href,
    data: new URL(`calc/kbdata.json?v=${version}`, root).href,
  });
}

function failWorker(error) {
  runtime.state = "failed";
  if (runtime.worker) runtime.worker.terminate();
  runtime.worker = null;
  console.warn("calculators unavailable:", error && error.message);
  for (const calc of runtime.all) markUnavailable(calc);
  runtime.queued.clear();
}

// --- one calculator ---------------------------------------------------------------------

function control(calc, name) {
  return calc.form.elements.namedItem(name);
}

function readUrl(calc) {
  const params = new URLSearchParams(location.search);
  let any = false;
  for (const name of FIELDS[calc.kind]) {
    if (!params.has(name)) continue;
    any = true;
    const value = params.get(name);
    const input = control(calc, name);
    if (!input) continue;
    if (input.type === "checkbox") {
      input.checked = !["", "0", "false", "no", "off"].includes(value.toLowerCase());
      continue;
    }
    input.value = value;
    if (input.value !== value) {
      // Not a choice of the select, or a date the date field refuses (2026-02-30): keep what
      // the link said, so the calculator names the bad value in the page's language.
      calc.invalid = calc.invalid || {};
      calc.invalid[name] = value;
    }
  }
  return any;
}

function request(calc) {
  const req = { calc: calc.kind };
  for (const name of FIELDS[calc.kind]) {
    const input = control(calc, name);
    if (!input || input.disabled) continue;
    let value = input.type === "checkbox" ? (input.checked ? "1" : "") : input.value.trim();
    if (calc.invalid && name in calc.invalid) value = calc.invalid[name];
    if (value !== "") req[name] = value;
  }
  if (calc.kind === "price") {
    const now = new Date();
    req.today = [now.getFullYear(), String(now.getMonth() + 1).padStart(2, "0"), String(now.getDate()).padStart(2, "0")].join("-");
  }
  return req;
}

function writeUrl(calc) {
  const url = new URL(location.href);
  const req = request(calc);
  for (const name of FIELDS[calc.kind]) {
    if (name in req) url.searchParams.set(name, req[name]);
    else url.searchParams.delete(name);
  }
  url.search = url.searchParams.toString().replaceAll("%2C", ","); // stages=4,4,8 stays readable
  if (url.href !== location.href) history.replaceState(history.state, "", url.href);
}

function syncControls(calc) {
  if (calc.kind === "timeline") {
    const service = control(calc, "service");
    const option = service.selectedOptions[0];
    const billing = control(calc, "billing");
    const offered = (option ? option.dataset.billing : "").split(" ").filter(Boolean);
    for (const o of billing.options) o.disabled = o.value !== "" && !offered.includes(o.value);
    if (billing.value && !offered.includes(billing.value)) billing.value = "";
    const licences = (option ? option.dataset.licenses : "").split(" ").filter(Boolean);
    const box = control(calc, "licenses");
    const applies = licences.includes(billing.value || offered[0] || "");
    box.closest(".kb-field").hidden = !applies;
    box.disabled = !applies;
  } else if (calc.kind === "price") {
    const fixed = control(calc, "item").value !== "";
    for (const name of ["hours", "hours-max", "role"]) {
      control(calc, name).disabled = fixed;
      control(calc, name).closest(".kb-field").classList.toggle("kb-field--off", fixed);
    }
  }
}

function run(calc) {
  calc.result.dataset.state = "pending";
  setStatus(calc, calc.el.dataset.msgPending);
  if (runtime.state === "failed") return markUnavailable(calc);
  if (runtime.state !== "ready") {
    runtime.queued.add(calc);
    startWorker(calc);
    return;
  }
  const id = runtime.nextId++;
  calc.latest = id;
  runtime.calls.set(id, calc);
  runtime.worker.postMessage({ type: "RUN", id, lang: calc.el.dataset.lang, request: request(calc) });
}

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function clearErrors(calc) {
  for (const box of calc.form.querySelectorAll(".kb-field__error")) {
    box.hidden = true;
    box.textContent = "";
  }
  for (const input of calc.form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
}

// Mirrors macros/calcforms.py view_html: the same structure the build wrote.
function show(calc, view) {
  clearErrors(calc);
  const box = calc.result;
  box.replaceChildren();
  if (!view.ok) {
    box.append(element("p", "kb-calc__error", view.error));
    const field = String(view.field || "").replaceAll("_", "-");
    const input = control(calc, field);
    const message = calc.form.querySelector(`#${calc.el.id}-${field}-error`);
    if (input && message) {
      input.setAttribute("aria-invalid", "true");
      message.textContent = view.error;
      message.hidden = false;
    }
  } else {
    box.append(element("p", "kb-calc__title", view.title));
    for (const line of view.summary) box.append(element("p", "kb-calc__summary", line));
    if (view.rows.length) {
      const table = element("table");
      const head = table.createTHead().insertRow();
      for (const name of view.columns) {
        const th = element("th", "", name);
        th.scope = "col";
        head.append(th);
      }
      const body = table.createTBody();
      for (const row of view.rows) {
        const tr = body.insertRow();
        for (const cell of row) tr.append(element("td", "", cell));
      }
      const scroll = element("div", "kb-scroll");
      scroll.append(table);
      box.append(scroll);
    }
    for (const note of view.notes) box.append(element("p", "kb-calc__note", note));
  }
  box.dataset.state = "live";
  box.dataset.text = view.text;
  calc.el.classList.add("kb-calc--live");
  setStatus(calc, "");
}

function markUnavailable(calc) {
  calc.result.dataset.state = "static";
  calc.el.classList.add("kb-calc--unavailable");
  setStatus(calc, calc.el.dataset.msgUnavailable);
}

function setStatus(calc, text) {
  calc.status.textContent = text || "";
}

async function copy(calc, text) {
  try {
    await navigator.clipboard.writeText(text);
    setStatus(calc, calc.el.dataset.msgCopied);
  } catch (_) {
    const area = element("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    const ok = document.execCommand && document.execCommand("copy");
    area.remove();
    setStatus(calc, ok ? calc.el.dataset.msgCopied : calc.el.dataset.msgCopyFailed);
  }
}

function link(calc) {
  const url = new URL(location.href);
  url.hash = calc.el.id;
  return url.href;
}

function bind(el) {
  if (el.dataset.bound) return;
  el.dataset.bound = "1";
  const calc = {
    el,
    kind: el.dataset.calc,
    form: el.querySelector("form"),
    result: el.querySelector(".kb-calc__result"),
    status: el.querySelector(".kb-calc__status"),
    latest: 0,
    invalid: null,
  };
  runtime.all.add(calc);
  const fromUrl = readUrl(calc);
  syncControls(calc);
  let scheduled = false;
  const changed = (event) => {
    if (calc.invalid && event && event.target && event.target.name in calc.invalid) delete calc.invalid[event.target.name];
    syncControls(calc);
    writeUrl(calc);
    // One request per burst of events ("input" and "change" of the same edit), at once:
    // the worker answers in milliseconds and an answer overtaken by a newer edit is dropped.
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      run(calc);
    });
  };
  calc.form.addEventListener("input", changed);
  calc.form.addEventListener("change", changed);
  calc.form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(calc);
  });
  el.querySelector('[data-action="copy-link"]').addEventListener("click", () => copy(calc, link(calc)));
  el.querySelector('[data-action="copy-answer"]').addEventListener("click", () =>
    copy(calc, `${calc.result.dataset.text || calc.result.innerText}\n${link(calc)}`));
  if (fromUrl) run(calc); // the build-time answer is for the defaults, not for this link
  performance.mark("kb-calc-bound"); // from here the form takes input (benchmarks, field timing)
  return calc;
}

function bindPage() {
  for (const calc of runtime.all) if (!calc.el.isConnected) runtime.all.delete(calc);
  const found = [...document.querySelectorAll(".kb-calc[data-calc]")].map(bind).filter(Boolean);
  if (!found.length || runtime.state !== "idle") {
    if (runtime.state === "failed") for (const calc of found) markUnavailable(calc);
    return;
  }
  // Start Pyodide when a calculator comes into view, or when the page is idle.
  const start = () => startWorker(found[0]);
  if ("IntersectionObserver" in window) {
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        observer.disconnect();
        start();
      }
    });
    for (const calc of found) observer.observe(calc.el);
  }
  if ("requestIdleCallback" in window) requestIdleCallback(start, { timeout: 4000 });
  else setTimeout(start, 1500);
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => bindPage()); // every page, also after instant navigation
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", bindPage);
} else {
  bindPage();
}
