// The calculator's state as plain data: field values in, request / URL query / key out.
// No DOM here, so node's test runner checks it (tests/js/state.test.mjs).

const TRUE = ["1", "true", "yes", "on"]; // as calculators.api reads yes/no fields
const FALSE = ["", "0", "false", "no", "off"];

// Values a link sets. A link that names any field of this calculator sets all of them: the
// ones it leaves out take their empty value, so a link reopens exactly the state it was
// copied from (custom hours stay custom instead of falling back to the default item).
// Values are trimmed; a yes/no field keeps a word that is neither, for Python to report.
export function valuesFromQuery(query, fields, flags) {
  const params = new URLSearchParams(query);
  if (!fields.some((name) => params.has(name))) return null;
  const values = {};
  for (const name of fields) {
    const raw = params.has(name) ? params.get(name).trim() : "";
    const word = raw.toLowerCase();
    values[name] = !flags.includes(name) ? raw : TRUE.includes(word) ? "1" : FALSE.includes(word) ? "" : raw;
  }
  return values;
}

// The fields a reader filled in, in form order: the same list makes the request, the URL
// and the key, so what is shown, copied and linked always describe the same inputs.
export function filled(values, fields) {
  return fields.filter((name) => values[name] !== undefined && values[name] !== "").map((name) => [name, values[name]]);
}

// Mirrors generator/rendering/calcforms.py input_key: which inputs an answer is for.
export function inputKey(values, fields) {
  return JSON.stringify(filled(values, fields));
}

export function requestOf(kind, values, fields, today) {
  const request = { calc: kind };
  for (const [name, value] of filled(values, fields)) request[name] = value;
  if (kind === "price") request.today = today;
  return request;
}

// The page URL with this calculator's fields replaced (other calculators' fields kept).
// ``explicit``: fields written even when empty, because leaving them out means a default
// (an event date left out is the reader's today; one cleared on purpose stays cleared).
export function urlWith(href, values, fields, explicit = []) {
  const url = new URL(href);
  for (const name of fields) url.searchParams.delete(name);
  for (const name of fields) {
    if (values[name]) url.searchParams.append(name, values[name]);
    else if (explicit.includes(name)) url.searchParams.append(name, "");
  }
  // Separators stay readable in a ticket reply: stages=8;8;4,5
  url.search = url.searchParams.toString().replaceAll("%2C", ",").replaceAll("%3B", ";");
  return url.href;
}

export function localToday(now = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
