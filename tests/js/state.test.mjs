// The calculator's URL state, without a browser: every state round-trips through its link.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inputKey, requestOf, urlWith, valuesFromQuery } from "../../overrides/assets/kb/calc/state.js";

const PRICE = ["item", "hours", "hours-max", "role", "rate"];
const TIMELINE = ["service", "event", "billing", "period-end", "licenses"];
const FLAGS = ["licenses"];
const PAGE = "https://kb.example/ru/articles/paid-services/?balance=10&stages=4;8#top";

const STATES = [
  [PRICE, { item: "prototype", hours: "", "hours-max": "", role: "", rate: "" }],
  [PRICE, { item: "", hours: "20", "hours-max": "25,5", role: "content", rate: "1999.99" }],
  [PRICE, { item: "", hours: "3", "hours-max": "", role: "developer", rate: "" }],
  [TIMELINE, { service: "cloud-pro", event: "2026-11-10", billing: "monthly", "period-end": "2026-12-01", licenses: "1" }],
  [TIMELINE, { service: "domain", event: "0001-01-01", billing: "", "period-end": "", licenses: "" }],
  [["balance", "stages"], { balance: "10", stages: "4,5; 8; 2" }],
];

test("every state round-trips through its link, other calculators' fields kept", () => {
  for (const [fields, values] of STATES) {
    const link = new URL(urlWith(PAGE, values, fields));
    const back = valuesFromQuery(link.search, fields, FLAGS);
    assert.deepEqual(back, values);
    assert.equal(inputKey(back, fields), inputKey(values, fields));
    if (!fields.includes("stages")) assert.equal(link.searchParams.get("stages"), "4;8");
  }
});

test("a link without this calculator's fields leaves the form alone", () => {
  assert.equal(valuesFromQuery("?balance=10", PRICE, FLAGS), null);
});

test("a left-out field takes its empty value: custom hours stay custom", () => {
  assert.equal(valuesFromQuery("?hours=20&role=content", PRICE, FLAGS).item, "");
});

test("flags read yes/no words; separators stay readable", () => {
  assert.equal(valuesFromQuery("?service=x&licenses=off", TIMELINE, FLAGS).licenses, "");
  assert.equal(valuesFromQuery("?service=x&licenses=yes", TIMELINE, FLAGS).licenses, "1");
  assert.match(urlWith(PAGE, { balance: "1", stages: "4,5; 8" }, ["balance", "stages"]), /stages=4,5;\+8/);
});

test("the request names only filled fields; the price calculator adds the reader's today", () => {
  assert.deepEqual(requestOf("price", { item: "", hours: "2", "hours-max": "", role: "content", rate: "" }, PRICE, "2026-11-23"),
    { calc: "price", hours: "2", role: "content", today: "2026-11-23" });
});

test("link values are trimmed; a yes/no word that is neither is kept for Python to report", () => {
  const values = valuesFromQuery("?service=%20domain%20&event=2026-11-01+&licenses=maybe", TIMELINE, FLAGS);
  assert.equal(values.service, "domain");
  assert.equal(values.event, "2026-11-01");
  assert.equal(values.licenses, "maybe");
});

test("an event date cleared on purpose stays cleared in the link", () => {
  const values = { service: "cloud-pro", event: "", billing: "", "period-end": "", licenses: "" };
  const link = urlWith(PAGE, values, TIMELINE, ["event"]);
  assert.match(link, /[?&]event=(&|#|$)/);
  assert.deepEqual(valuesFromQuery(new URL(link).search, TIMELINE, FLAGS), values);
  assert.doesNotMatch(urlWith(PAGE, values, TIMELINE), /event=/);
});
