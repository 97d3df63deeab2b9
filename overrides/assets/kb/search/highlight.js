// What a search result shows of its document: the words that matched, marked, and a preview
// around the first of them; for Zensical's UI, the ranges to mark in the escaped text it draws.
// Loaded by worker.js, which hands it the analysis of a word (its index terms: forms).
self.kbHighlight = ({ WORD, forms }) => {
  const PREVIEW = 180; // characters of text shown under a result

  const escape = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  // Zensical's UI: its index and its query escape these three, and only these.
  const unescape = (s) => s.replace(/&(amp|lt|gt);/g, (m, name) => ({ amp: "&", lt: "<", gt: ">" })[name]);
  const ESCAPED = { "&": 5, "<": 4, ">": 4 };

  // The words of `text` that matched, as [start, end] in the text and in its escaped form.
  function matches(text, matched) {
    const marks = [];
    for (const m of text.matchAll(WORD)) {
      if (forms(m[0].toLowerCase()).some((t) => matched.has(t))) marks.push([m.index, m.index + m[0].length]);
    }
    return marks;
  }
  function escapedRanges(text, marks) {
    let shift = 0;
    let at = 0;
    return marks.map(([from, to]) => {
      for (; at < from; at++) shift += (ESCAPED[text[at]] || 1) - 1;
      return { start: from + shift, end: to + shift, value: to - from };
    });
  }

  // The text with the words that matched marked; with `preview`, only a window around the first.
  function highlight(text, matched, preview) {
    const marks = matches(text, matched);
    let start = 0;
    let end = text.length;
    if (preview && text.length > PREVIEW) {
      const first = marks.length ? marks[0][0] : 0;
      start = Math.max(0, first - 40);
      if (start > 0) start = text.indexOf(" ", start) + 1 || start;
      end = Math.min(text.length, start + PREVIEW);
      if (end < text.length) end = text.lastIndexOf(" ", end) > start ? text.lastIndexOf(" ", end) : end;
    }
    let html = start > 0 ? "…" : "";
    let at = start;
    for (const [from, to] of marks) {
      if (from < start || to > end) continue;
      html += escape(text.slice(at, from)) + "<mark>" + escape(text.slice(from, to)) + "</mark>";
      at = to;
    }
    html += escape(text.slice(at, end)) + (end < text.length ? "…" : "");
    return html;
  }

  return { escape, unescape, matches, escapedRanges, highlight };
};
