// Calculators on the page: bind each form, keep its URL current, ask the worker (Pyodide)
// and show its answer. The answer area, "copy answer" and "copy link" always describe the
// inputs the form shows: an edit marks the answer pending at once, and only the answer for
// the latest inputs is ever shown. With instant navigation this module stays alive: the
// calculators of each new page are bound again, the worker and Pyodide survive.
//
//   calc/state.js          values <-> URL query, request, key (no DOM)
//   calc/form.js           the form's values and which fields the chosen service shows
//   calc/render.js         the answer area's states
//   calc/progress.js       the runtime's download, while an answer waits for it
//   calc/worker-client.js  the worker and its typed messages
//   calc/intent.js         when the runtime starts: intent, a link, Save-Data
//   calc/copy.js           copy link / copy answer
//   calc/tables.js         tables wider than the screen: a cue, and a focusable region (every page)

import { inputKey, localToday, requestOf, urlWith, valuesFromQuery } from "./calc/state.js";
import { control, readForm, syncControls, writeForm } from "./calc/form.js";
import { showAnswer, showConsent, showOutdated, showPending, showUnavailable } from "./calc/render.js";
import { showProgress } from "./calc/progress.js";
import { ask, loaded, onFailure, onProgress, retry, runtimeState, use } from "./calc/worker-client.js";
import { agree, consented, runtimeUrls, startEarly, startFor, watchIntent } from "./calc/intent.js";
import { copyText, copyWhenReady, linkOf } from "./calc/copy.js";
import { watchTables } from "./calc/tables.js";

const bound = new Set();

// Save-Data: the reader pressed the button that says the size; every calculator that waited computes.
function consent(calc) {
  agree();
  for (const other of bound) if (other.el.isConnected && other.result.dataset.state === "consent") refresh(other);
  startFor(calc);
}

// The form changed (or was filled from a link): the URL follows at once, and the answer
// area says it is computing unless what it shows is already for these inputs.
function refresh(calc) {
  syncControls(calc);
  const values = readForm(calc);
  calc.key = inputKey(values, calc.fields);
  const url = linkFor(calc, location.href);
  if (url !== location.href) history.replaceState(history.state, "", url);
  settle(calc);
  if (calc.result.dataset.key === calc.key && calc.result.dataset.state !== "pending") return;
  if (runtimeState() === "failed") return showUnavailable(calc, tryAgain);
  if (!startFor(calc)) return showConsent(calc, () => consent(calc));
  showPending(calc);
  if (loaded() !== null) showProgress(calc, loaded());
  compute(calc, values);
}

// "Try again" after the runtime could not start: a new worker, and every calculator of the
// page that says it is unavailable asks again.
function tryAgain() {
  retry();
  for (const calc of bound) {
    if (!calc.el.isConnected || calc.result.dataset.state !== "failed" || !startFor(calc)) continue;
    showPending(calc);
    compute(calc, readForm(calc));
  }
}

// Ask for the answer to the form's current inputs; shown only if they are still the same.
// A request the worker could not answer is asked once more before the calculator says it
// is unavailable (and the reason goes to the console).
function compute(calc, values) {
  const key = calc.key;
  const request = requestOf(calc.kind, values, calc.fields, localToday());
  const once = () => ask(calc.el.dataset.lang, request, calc.scope);
  once().catch((error) => {
    // (error.again: the worker was let go for the runtime this page names; not a failure)
    if (!(error && error.again)) console.warn("calculator request failed:", error && error.message);
    if (runtimeState() === "failed") throw error;
    return once();
  }).then(
    (answer) => {
      if (calc.key === key && calc.el.isConnected) showAnswer(calc, answer.view, key, answer.response);
      settle(calc);
    },
    () => {
      if (calc.key === key && calc.el.isConnected) showUnavailable(calc, tryAgain);
      settle(calc);
    },
  );
}

// The URL of the form's inputs. An event date cleared on purpose is written as empty:
// left out, it would mean the reader's today.
function linkFor(calc, href) {
  return urlWith(href, readForm(calc), calc.fields, calc.todayFields);
}

// "Copy answer" clicked before the answer was in: copy it once it is, for the inputs the
// form showed at the click; an edit in between or a failure cancels the copy.
function answerLater(calc) {
  return new Promise((resolve, reject) => calc.waiting.push({ key: calc.key, resolve, reject }));
}

function settle(calc) {
  const ready = calc.result.dataset.key === calc.key && calc.result.dataset.state === "live";
  // A cancelled copy says nothing of its own: the answer area says why (computing, unavailable).
  const cancel = (why) => Object.assign(new Error(why), { quiet: true });
  calc.waiting = calc.waiting.filter((w) => {
    if (w.key !== calc.key) w.reject(cancel("the inputs changed"));
    else if (ready) w.resolve(answerNow(calc));
    else if (calc.result.dataset.state === "failed") w.reject(cancel("unavailable"));
    else return true;
    return false;
  });
}

function answerNow(calc) {
  return `${calc.result.dataset.text}\n${copiedLink(calc)}`;
}

// The link an agent copies: this calculator's inputs only (another calculator's fields on
// the same page would change that one for the customer), and its own anchor.
function copiedLink(calc) {
  const url = new URL(location.href);
  url.search = "";
  return linkOf(linkFor(calc, url.href), calc.el.id);
}

function bind(el) {
  if (el.dataset.bound) return null;
  el.dataset.bound = "1";
  const calc = {
    el,
    kind: el.dataset.calc,
    fields: el.dataset.fields.split(" "),
    flags: (el.dataset.flags || "").split(" ").filter(Boolean), // yes/no fields (calculators.api.FLAGS)
    scope: el.dataset.scope ? JSON.parse(el.dataset.scope) : null,
    form: el.querySelector("form"),
    result: el.querySelector(".kb-calc__result"),
    status: el.querySelector(".kb-calc__status"),
    said: el.querySelector(".kb-calc__said"), // the answer in one sentence, for screen readers
    copyAnswer: el.querySelector('[data-action="copy-answer"]'),
    invalid: {},
    key: "",
    waiting: [], // copies asked for before the answer was in
  };
  use(runtimeUrls(el.dataset)); // a page from a newer deploy lets an older worker go
  calc.todayFields = [...calc.form.querySelectorAll("[data-today]")].map((input) => input.name);
  el.classList.add("kb-calc--js"); // the no-JavaScript note goes
  calc.initial = [...calc.result.childNodes].map((node) => node.cloneNode(true));
  calc.initialKey = calc.result.dataset.key ?? null;
  calc.initialText = calc.result.dataset.text;
  bound.add(calc);

  const params = new URLSearchParams(location.search);
  const fromLink = valuesFromQuery(location.search, calc.fields, calc.flags);
  if (fromLink) {
    writeForm(calc, fromLink);
    syncControls(calc);
    // A link's value the form does not show as given (one that does not apply to the
    // service, a billing kind it does not offer) is reported by field, never dropped or used unseen.
    const shown = readForm(calc);
    for (const name of calc.fields) {
      if (fromLink[name] && shown[name] !== fromLink[name]) calc.invalid[name] = fromLink[name];
    }
  }
  for (const name of calc.todayFields) {
    const input = control(calc, name);
    if (!input.value && !params.has(name) && !(name in calc.invalid)) input.value = localToday(); // the reader's today
  }

  // The reader takes over: values from the link the form could not show are reported once
  // and dropped at the first edit, so the answer is always for what the form shows.
  const changed = () => {
    calc.invalid = {};
    retry();
    refresh(calc);
  };
  calc.form.addEventListener("input", changed);
  calc.form.addEventListener("change", changed);
  calc.form.addEventListener("submit", (e) => {
    e.preventDefault();
    refresh(calc);
  });
  el.querySelector('[data-action="copy-link"]').addEventListener("click", () => copyText(calc, copiedLink(calc)));
  calc.copyAnswer.addEventListener("click", () => {
    // The text and the link are made from the same inputs, so they cannot disagree; an
    // answer still being computed is copied when it is in, never the one shown before.
    if (calc.result.dataset.key === calc.key) return void copyText(calc, answerNow(calc));
    if (calc.result.dataset.state === "failed") return;
    if (!consented()) showConsent(calc, () => consent(calc)); // Save-Data: the copy waits for the button
    copyWhenReady(calc, answerLater(calc));
  });
  syncControls(calc);
  const values = readForm(calc);
  calc.key = inputKey(values, calc.fields);
  if (fromLink || (calc.initialKey !== null && calc.initialKey !== calc.key)) refresh(calc);
  // The build's day-number timeline is true for any date: it stays until the dates for the
  // reader's today are computed, whenever the runtime starts.
  else if (calc.initialKey === null) compute(calc, values);
  performance.mark("kb-calc-bound"); // from here the form takes input (benchmarks, field timing)
  el.dataset.bound = "ready"; // the link's values are in the form and the fields match them
  return calc;
}

onFailure(() => {
  const failed = [...bound].filter((calc) => calc.el.isConnected && calc.result.dataset.state === "pending");
  for (const calc of failed) showUnavailable(calc, tryAgain);
  // A page opened before a deploy names a runtime the host no longer has: say how to get
  // the new one, rather than "unavailable" at every edit.
  const calc = failed[0] || [...bound].find((c) => c.el.isConnected);
  if (!calc) return;
  const { worker, kbdata } = runtimeUrls(calc.el.dataset);
  Promise.all([worker, kbdata].map((url) => fetch(url, { method: "HEAD", cache: "no-store" }))).then((responses) => {
    if (!responses.some((response) => response.status === 404)) return;
    for (const other of bound) if (other.el.isConnected && other.result.dataset.state === "failed") showOutdated(other);
  }, () => {});
});

onProgress((bytes) => {
  for (const calc of bound) if (calc.el.isConnected && calc.result.dataset.state === "pending") showProgress(calc, bytes);
});

function bindPage() {
  watchTables(document);
  for (const calc of bound) if (!calc.el.isConnected) bound.delete(calc);
  for (const calc of [...document.querySelectorAll(".kb-calc[data-calc]")].map(bind).filter(Boolean)) watchIntent(calc);
}

// Loaded async from <head>: the page may not be parsed yet, nor the theme's script run.
// Every page is bound, also after instant navigation (the theme's document$), once parsed.
function bindPages() {
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(() => bindPage());
  else bindPage();
}

startEarly();
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bindPages);
else bindPages();
