// The runtime's download, shown under "preparing the answer" while an answer waits for it:
// a bar, how many megabytes of how many, then "starting" once they are in. The bar and its
// line follow the bytes as they arrive (ten times a second at most, as the worker reports
// them). A screen reader hears it from the calculator's polite, unseen line (.kb-calc__said,
// role=status, which says the answer once it is in) at each quarter and when Python starts:
// how far, without a flood.
// The visible status beside the buttons keeps saying "computing".

const said = new WeakMap(); // calc -> the last step its unseen line said

function fill(template, values) {
  return template.replace(/\{([a-z_]+)\}/g, (all, name) => values[name] ?? all);
}

function megabytes(calc, bytes) {
  const n = new Intl.NumberFormat(calc.el.dataset.lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
    .format(bytes / 1e6);
  return fill(calc.el.dataset.msgMegabytes, { n });
}

// loaded: the decoded bytes the worker has counted, of data-counted (the same files decoded);
// shown in served megabytes (data-bytes), what the reader's link carries.
export function showProgress(calc, loaded) {
  const data = calc.el.dataset;
  const counted = Number(data.counted);
  const fraction = counted > 0 ? Math.min(1, loaded / counted) : 0;
  const total = Number(data.bytes);
  const text = fraction >= 1 ? data.msgStarting
    : fill(data.msgLoading, { done: megabytes(calc, fraction * total), total: megabytes(calc, total) });
  let bar = calc.result.querySelector(".kb-calc__progress");
  if (!bar) {
    const line = document.createElement("p");
    line.className = "kb-calc__loading";
    bar = document.createElement("progress");
    bar.className = "kb-calc__progress";
    bar.max = 100;
    bar.setAttribute("aria-label", data.msgProgress);
    calc.result.append(line, bar);
  }
  bar.previousElementSibling.textContent = text;
  bar.value = Math.round(fraction * 100);
  const step = fraction >= 1 ? 4 : Math.floor(fraction * 4);
  if (said.get(calc) !== step || calc.said.textContent === "") {
    said.set(calc, step);
    calc.said.textContent = text;
  }
}
