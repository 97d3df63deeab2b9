// The form of one calculator: its values, and which fields the chosen service shows.

export function control(calc, name) {
  return calc.form.elements.namedItem(name);
}

// The value of every field, with what a link said in place of what a control refused
// (an unknown service, a date the date field rejects), so Python can name the field.
export function readForm(calc) {
  const values = {};
  for (const name of calc.fields) {
    const input = control(calc, name);
    if (name in calc.invalid) values[name] = calc.invalid[name];
    else if (!input || input.disabled) values[name] = "";
    else if (input.type === "checkbox") values[name] = input.checked ? "1" : "";
    else values[name] = input.value.trim();
  }
  return values;
}

export function writeForm(calc, values) {
  calc.invalid = {};
  for (const name of calc.fields) {
    const input = control(calc, name);
    const value = values[name] ?? "";
    if (!input) {
      if (value !== "") calc.invalid[name] = value;
      continue;
    }
    if (input.type === "checkbox") {
      input.checked = value !== "";
      if (value !== "" && value !== "1") calc.invalid[name] = value; // not a yes/no word
      continue;
    }
    if (value === "" && input.tagName === "SELECT" && ![...input.options].some((o) => o.value === "")) continue; // keeps its default
    input.value = value;
    if (input.value !== value) calc.invalid[name] = value; // kept for the message, never shown
  }
}

function show(calc, name, visible) {
  const input = control(calc, name);
  if (!input) return;
  const field = input.closest(".kb-field");
  const keep = visible || name in calc.invalid; // a link's value that does not apply: shown, so it can be cleared
  field.hidden = !keep;
  input.disabled = !keep;
}

// Deadline calculator: the chosen service decides the billing kinds, which fields apply
// (computed by calculators.timeline.applicable_fields at build time) and the date's hint.
export function syncControls(calc) {
  if (calc.kind === "timeline") {
    const option = control(calc, "service").selectedOptions[0];
    const applies = option ? JSON.parse(option.dataset.fields) : { "": ["service", "event"] };
    const billing = control(calc, "billing");
    const offered = Object.keys(applies).filter(Boolean);
    for (const o of billing.options) o.disabled = o.value !== "" && !offered.includes(o.value);
    if (billing.value && !offered.includes(billing.value) && !("billing" in calc.invalid)) billing.value = "";
    const fields = applies[billing.value] || applies[""];
    for (const name of calc.fields) if (name !== "service" && name !== "event") show(calc, name, fields.includes(name));
    const hint = calc.form.querySelector(`#${calc.el.id}-event-hint`);
    if (hint && option) hint.textContent = option.dataset.hint;
    const label = calc.form.querySelector(`label[for="${calc.el.id}-event"]`);
    if (label && option && option.dataset.label) label.textContent = option.dataset.label;
  } else if (calc.kind === "price") {
    const fixed = control(calc, "item").value !== "" || "item" in calc.invalid;
    for (const name of ["hours", "hours-max", "role"]) {
      control(calc, name).disabled = fixed;
      control(calc, name).closest(".kb-field").classList.toggle("kb-field--off", fixed);
    }
  }
}
