// The answer area: the states of one calculator's answer, always written with textContent.
//   static   what the build wrote: true whatever the inputs, or for the inputs it names (data-key)
//   pending  being computed for the inputs the form shows: nothing else is on show
//   live     the answer for the inputs the form shows (data-key)
//   failed   the runtime could not load: the build's answer stays only if it is for these inputs,
//            and a button tries again
//   consent  Save-Data is on: a button starts the runtime, the message says how much it downloads
//   failed   (outdated) the site was deployed again since this page was opened: reload it

import { watchTables } from "./tables.js";

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

export function clearErrors(calc) {
  for (const box of calc.form.querySelectorAll(".kb-field__error")) {
    box.hidden = true;
    box.textContent = "";
  }
  for (const input of calc.form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
}

function setState(calc, state, key, text) {
  const box = calc.result;
  box.dataset.state = state;
  box.dataset.key = key ?? "";
  box.dataset.text = text ?? "";
  if (key === null) delete box.dataset.key;
  delete box.dataset.result;
  // Not `disabled`: a click while the answer is computed is taken, and copies it when it is in.
  calc.copyAnswer.setAttribute("aria-disabled", String(key === null || key === undefined));
}

// What a screen reader says when an answer is in: one sentence, never the whole table (the
// answer area itself is not a live region). Said once: the same answer again says nothing.
export function said(kind, view) {
  if (!view.ok) return view.error;
  if (kind === "balance") return view.summary[view.summary.length - 1];
  const lead = kind === "price" && view.rows.length ? view.rows.map(([what, value]) => `${what}: ${value}`).join("; ")
    : view.act.length ? view.act[0] : view.summary[view.summary.length - 1];
  return lead ? `${view.title}. ${lead}` : view.title;
}

function announce(calc, text) {
  if (calc.said && calc.said.textContent !== text) calc.said.textContent = text;
}

export function showPending(calc) {
  clearErrors(calc);
  announce(calc, ""); // the next answer is news, even if it reads as the last one did
  calc.result.replaceChildren(element("p", "kb-calc__pending", calc.el.dataset.msgPendingAnswer));
  setState(calc, "pending", null, "");
  calc.status.textContent = calc.el.dataset.msgPending;
}

// Mirrors generator/rendering/calcforms.py view_html: the same structure the build wrote.
export function showAnswer(calc, view, key, result) {
  clearErrors(calc);
  const box = calc.result;
  // The same answer again (two requests for the same inputs): what the status says of it
  // ("Copied") stays true.
  const again = box.dataset.state === "live" && box.dataset.key === key && box.dataset.text === view.text;
  box.replaceChildren();
  if (!view.ok) {
    box.append(element("p", "kb-calc__error", view.error));
    const field = String(view.field || "").replaceAll("_", "-");
    const input = calc.form.elements.namedItem(field);
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
    for (const line of view.act) box.append(element("p", "kb-calc__act", line));
    for (const note of view.notes) box.append(element("p", "kb-calc__note", note));
  }
  setState(calc, "live", key, view.text);
  if (!again) announce(calc, said(calc.kind, view));
  watchTables(box);
  box.dataset.result = JSON.stringify(result ?? null); // the language-free answer, for checks across languages
  calc.el.classList.add("kb-calc--live");
  calc.el.classList.remove("kb-calc--unavailable"); // tried again, and it worked
  if (!again) calc.status.textContent = "";
}

function button(label, onClick, primary = false) {
  const el = element("button", primary ? "md-button md-button--primary" : "md-button", label);
  el.type = "button";
  el.addEventListener("click", onClick);
  return el;
}

export function showUnavailable(calc, onRetry) {
  clearErrors(calc);
  const again = button(calc.el.dataset.msgRetry, onRetry);
  // The build's day-number timeline stays true for its own service and any date, as long as
  // nothing else decides day 1 (a billing kind, a period end, licences).
  const service = calc.form.elements.namedItem("service");
  const onlyDate = JSON.parse(calc.key).every(([name]) => name === "service" || name === "event");
  if (calc.initialKey === null && service && service.value === calc.result.dataset.service && onlyDate) {
    calc.result.replaceChildren(...calc.initial.map((node) => node.cloneNode(true)), again);
    setState(calc, "failed", null, "");
    calc.el.classList.add("kb-calc--unavailable");
    calc.status.textContent = calc.el.dataset.msgUnavailable;
    announce(calc, calc.el.dataset.msgUnavailable);
    return;
  }
  const same = calc.initialKey !== null && calc.initialKey === calc.key;
  // The build's answer stays only if it is for the inputs the form shows.
  if (same) calc.result.replaceChildren(...calc.initial.map((node) => node.cloneNode(true)), again);
  else calc.result.replaceChildren(element("p", "kb-calc__error", calc.el.dataset.msgUnavailable), again);
  setState(calc, "failed", same ? calc.initialKey : null, same ? calc.initialText : "");
  calc.el.classList.add("kb-calc--unavailable");
  calc.status.textContent = same ? calc.el.dataset.msgUnavailable : "";
  announce(calc, calc.el.dataset.msgUnavailable);
}

function messageWithButton(calc, message, label, onClick) {
  calc.result.replaceChildren(element("p", "kb-calc__notice", message), button(label, onClick, true));
  announce(calc, message);
}

export function showOutdated(calc) {
  clearErrors(calc);
  messageWithButton(calc, calc.el.dataset.msgOutdated, calc.el.dataset.msgReload, () => location.reload());
  setState(calc, "failed", null, "");
  calc.status.textContent = "";
}

// Save-Data: the answer needs the runtime, which the reader has not agreed to download yet.
// The message says how much it is; the button starts it (for every calculator of the page).
export function showConsent(calc, onStart) {
  clearErrors(calc);
  messageWithButton(calc, calc.el.dataset.msgSaveData, calc.el.dataset.msgStart, onStart);
  setState(calc, "consent", null, "");
  calc.status.textContent = "";
}
