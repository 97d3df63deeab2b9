// Tables wider than the screen (a phone's 360 px): the box that scrolls says so. While columns
// are hidden to one side, the box carries data-kb-more="left|right|both" (kb.css fades that
// edge), and it is a named, focusable region, so a keyboard scrolls it too (WCAG 2.1.1; axe's
// scrollable-region-focusable). A table that fits is left alone: no tab stop that does nothing.
// Every table of the page's content: the build's (.kb-scroll) and hand-written ones (the
// theme wraps those in .md-typeset__scrollwrap, possibly after this runs: looked up lazily).

const watched = new WeakSet();
let resize = null;

// The build's box, or else the theme's (kb.css keeps the theme's box inside ours from scrolling).
function scroller(table) {
  return table.closest(".kb-scroll") || table.closest(".md-typeset__scrollwrap");
}

// What the region is called: its calculator, or the heading of the section it is in.
function name(box) {
  const form = box.closest(".kb-calc") && box.closest(".kb-calc").querySelector("form[aria-label]");
  if (form) return { label: form.getAttribute("aria-label") };
  const headings = [...document.querySelectorAll(".md-content h1[id], .md-content h2[id], .md-content h3[id]")];
  const before = headings.filter((h) => h.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING).pop();
  return before ? { labelledby: before.id } : { label: document.title };
}

export function update(table) {
  const box = scroller(table);
  if (!box || !table.isConnected) return;
  if (!box.dataset.kbWatched) {
    box.dataset.kbWatched = "1";
    box.addEventListener("scroll", () => update(table), { passive: true });
    if (resize) resize.observe(box);
  }
  const hidden = box.scrollWidth - box.clientWidth;
  const left = box.scrollLeft > 1;
  const right = box.scrollLeft < hidden - 1;
  hint(box, hidden > 1);
  if (hidden <= 1) {
    delete box.dataset.kbMore;
    for (const attr of ["tabindex", "role", "aria-label", "aria-labelledby"]) box.removeAttribute(attr);
    return;
  }
  box.dataset.kbMore = left && right ? "both" : left ? "left" : right ? "right" : "none";
  if (box.hasAttribute("tabindex")) return;
  const { label, labelledby } = name(box);
  box.setAttribute("tabindex", "0");
  box.setAttribute("role", "region");
  if (labelledby) box.setAttribute("aria-labelledby", labelledby);
  else box.setAttribute("aria-label", label);
}

// Above a box that scrolls, a line in the page's language says so ("прокрутите вбок"): the fade
// alone is easy to miss. Screen readers skip it: the region's name and its keys do the job.
function hint(box, wanted) {
  const meta = document.querySelector('meta[name="kb-table-hint"]');
  const prev = box.previousElementSibling;
  const have = prev && prev.classList.contains("kb-scroll-hint") ? prev : null;
  if (wanted && !have && meta) {
    const line = document.createElement("p");
    line.className = "kb-scroll-hint";
    line.setAttribute("aria-hidden", "true");
    line.textContent = meta.content;
    box.before(line);
  } else if (!wanted && have) {
    have.remove();
  }
}

// A table an author marked as cards (<div class="kb-cards" markdown>): on a narrow screen
// kb.css stacks each row as a card, every cell under its column's name, taken from here.
function label(table) {
  if (!table.closest(".kb-cards")) return;
  const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
  for (const row of table.querySelectorAll("tbody tr")) {
    [...row.children].forEach((cell, i) => { if (heads[i]) cell.dataset.label = heads[i]; });
  }
}

// Watches the tables under root (a page, or an answer area just written).
export function watchTables(root) {
  if (!resize && window.ResizeObserver) {
    resize = new ResizeObserver((entries) => {
      for (const entry of entries) {
        const table = entry.target.tagName === "TABLE" ? entry.target : entry.target.querySelector("table");
        if (table) update(table);
      }
    });
  }
  for (const table of root.querySelectorAll(".md-typeset table")) {
    if (watched.has(table)) continue;
    watched.add(table);
    label(table);
    if (resize) resize.observe(table);
    update(table);
    requestAnimationFrame(() => update(table)); // the theme may have wrapped it by then
  }
}
