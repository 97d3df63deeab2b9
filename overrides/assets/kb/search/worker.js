// Site search, in the worker the theme's search UI starts, speaking its protocol: SETUP with
// the index, READY, QUERY, RESULT. Material's UI (MkDocs, ProperDocs) sends the typed text and
// shows results grouped by page, with our previews; Zensical's sends its query state and shows
// a flat list, ten at a time, marking the ranges we give it in the index's own title and text.
// The index says which: Material's holds "docs", Zensical's "items" (generator/search). The UI,
// its keyboard behaviour and its rendering stay the theme's; what is found is ours:
//
//   * words, not strings: a word is a run of letters or digits (so "#1173" is 1173,
//     "cloud-pro" is cloud and pro, and table cells are words of their own);
//   * the same analysis at index and at query time: lower case, the language's stop words
//     out, the Snowball stem (stemmers.js, translated from the Python package at build), and
//     for letters with diacritics also the stem of the word written without them, so that
//     "usuniecie" finds "usunięcie";
//   * results that match every word of the query come first, then those that match some
//     (the theme strikes out the missing words); a word also matches as the start of a
//     longer one, a word of five letters or more also with one letter wrong, and a long stem
//     also by its start (at a lower weight: "удаление" finds "удалён"); "80 000" is 80000;
//   * a section or a row is found by its page's title too ("cloud vps удаление");
//   * a result points at the section or the table row, with a short preview around the match.
//
// Loaded by the loader the build puts in place of the theme's worker (generator/search), which
// sets self.kbSearchBase; minisearch.js and stemmers.js lie beside this file.
/* global MiniSearch */
(() => {
  const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3; // Material's SearchMessageType
  const WORD = /[\p{L}\p{N}]+/gu;
  const FOLD = { ą: "a", ć: "c", ę: "e", ł: "l", ń: "n", ó: "o", ś: "s", ź: "z", ż: "z", ё: "е" };
  const fold = (word) => word.replace(/[ąćęłńóśźżё]/g, (c) => FOLD[c]);
  const PREVIEW = 180; // characters of text shown under a result

  let docs = [];
  let engine = null;
  let stop = new Set();
  let stem = (word) => word;
  const cache = new Map();

  // A word (lower case) as the index knows it: none for a stop word, else one or two terms.
  function forms(word) {
    let known = cache.get(word);
    if (known) return known;
    if (stop.has(word)) known = [];
    else if (/^\p{N}+$/u.test(word)) known = [word];
    else known = [...new Set([fold(stem(word)), stem(fold(word))])];
    cache.set(word, known);
    return known;
  }

  // "80 000,00" is also the word 80000 (a price typed without its group separator); text
  // pasted with combining accents is composed first.
  const GROUPED = /(\d)[ \u00a0\u202f](?=\d{3}(?!\d))/g;
  const words = (text) => (text.normalize("NFC").replace(GROUPED, "$1").toLowerCase().match(WORD) || []);

  let flat = false; // Zensical's UI
  function setup({ config, docs: list, items }) {
    importScripts(self.kbSearchBase + "minisearch.js", self.kbSearchBase + "stemmers.js");
    const lang = config.lang[0];
    stem = (self.kbStemmers && self.kbStemmers[lang]) || stem;
    stop = new Set((config.stop || []).flatMap((word) => [word, fold(word)])); // "się" and "sie"
    flat = Boolean(items);
    docs = flat
      ? items.map(({ location, title, text, keys }) => ({ location, title: unescape(title), text: unescape(text), keys }))
      : list.map(([location, title, text, keys]) => ({ location, title, text, keys }));
    const titles = new Map(docs.filter((d) => !d.location.includes("#")).map((d) => [d.location, d.title]));
    engine = new MiniSearch({
      fields: ["title", "keys", "text", "page"],
      tokenize: words,
      processTerm: forms,
      searchOptions: {
        boost: { title: 3, keys: 2, text: 1, page: 0.5 },
        tokenize: (s) => [s],
        processTerm: (t) => t,
      },
    });
    engine.addAll(docs.map((doc, id) => ({
      id, title: doc.title, keys: doc.keys, text: doc.text,
      page: doc.location.includes("#") ? titles.get(doc.location.split("#")[0]) || "" : "",
    })));
  }

  const LOOSE = 6; // a stem this long is also looked up by its start, two letters shorter
  // The query's words with their index terms, and the shorter starts of their long stems.
  const clauses = (query) => words(query).map((word) => ({ word, terms: forms(word) })).filter((c) => c.terms.length)
    .map((c) => ({ ...c, loose: [...new Set(c.terms.filter((t) => t.length >= LOOSE).map((t) => t.slice(0, -2)))] }));

  const PREFIX = (term) => term.length >= 3; // any word may be the start of a longer one, wherever it is
  const FUZZY = (term) => (term.length >= 5 && !/^\p{N}+$/u.test(term) ? 1 : 0);

  function run(list, combineWith) {
    return engine.search({
      combineWith,
      queries: list.map((clause) => {
        const queries = [{ queries: clause.terms, prefix: PREFIX, fuzzy: FUZZY }];
        if (clause.loose.length) queries.push({ queries: clause.loose, prefix: true, fuzzy: false, boostTerm: () => 0.3 });
        return { combineWith: "OR", queries };
      }),
    });
  }

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

  // [rank, results] per page, best page first, each page's best result first.
  function found(query) {
    const list = clauses(query);
    if (!list.length) return [];
    let hits = run(list, "AND");
    if (list.length > 1) {
      const all = new Set(hits.map((hit) => hit.id));
      hits = hits.concat(run(list, "OR").filter((hit) => !all.has(hit.id)).map((hit) => ({ ...hit, some: true })));
    }
    const groups = new Map();
    for (const hit of hits) {
      const doc = docs[hit.id];
      const page = doc.location.split("#")[0];
      const matched = new Set(hit.terms);
      const found = new Set(hit.queryTerms);
      const terms = {};
      for (const clause of list) {
        const hitClause = clause.terms.some((t) => found.has(t)) || clause.loose.some((t) => found.has(t));
        terms[hitClause ? stem(clause.word) : clause.word] = hitClause;
      }
      const item = {
        id: hit.id,
        matched,
        some: Boolean(hit.some),
        location: doc.location,
        title: highlight(doc.title, matched, false),
        text: highlight(doc.text, matched, true),
        score: hit.some ? hit.score / 100 : hit.score, // (the theme's Enter opens the highest score)
        terms,
      };
      if (!groups.has(page)) groups.set(page, []);
      groups.get(page).push(item);
    }
    // Each group starts with its best match and holds its page (the UI shows it as the heading).
    for (const [page, items] of groups) {
      if (!items.some((item) => item.location === page)) {
        const doc = docs.find((d) => d.location === page);
        if (doc) items.push({ location: page, title: escape(doc.title), text: "", score: 0, terms: {} });
      }
    }
    // A page ranks by its best match, and a little by its others (a match of some words only
    // weighs a hundredth of one of every word).
    const rank = (items) => {
      const scores = items.map((item) => item.score).sort((a, b) => b - a);
      return scores[0] + 0.5 * Math.min(2 * scores[0], scores.slice(1).reduce((a, b) => a + b, 0));
    };
    const ranked = [...groups.values()].map((items) => [rank(items), items]).sort((a, b) => b[0] - a[0]);
    for (const [, items] of ranked) items.sort((a, b) => b.score - a.score);
    return ranked;
  }

  // Material's UI: groups, each with its page; its Enter opens the result with the highest
  // score, so the scores it sees follow the order shown (a page's rank, shared by its
  // results in their proportions).
  function search(query) {
    return {
      items: found(query).map(([rank, items]) => {
        const best = items[0].score || 1;
        return items.map(({ some, id, matched, ...item }) => ({ ...item, score: (rank * item.score) / best }));
      }),
    };
  }

  // Zensical's UI: one list, ten at a time, of the best two results of every page (best page
  // first), then the others of every page in the same order: one page's sections do not push
  // the other pages out of sight. The same query's next ten come from the last answer. Each
  // entry names the index entry it shows and the ranges to mark in its title and text.
  const FIRST = 2;
  let last = { input: null, list: [] };
  function searchFlat({ input, page }) {
    const query = unescape(typeof input === "string" ? input : "");
    if (query !== last.input || !page) {
      const pages = found(query).map(([, items]) => items.filter((item) => item.matched));
      last = { input: query, list: [...pages.flatMap((items) => items.slice(0, FIRST)), ...pages.flatMap((items) => items.slice(FIRST))] };
    }
    const { id = Date.now(), size = 10, from = 0 } = page || {};
    const total = last.list.length;
    return {
      items: last.list.slice(from, from + size).map(({ id: entry, matched }) => ({
        id: entry,
        matches: ["title", "text"].map((field) => {
          const text = docs[entry][field];
          return { field, value: { highlight: { ranges: escapedRanges(text, matches(text, matched)) } } };
        }),
      })),
      pagination: {
        total,
        prev: from > 0 ? { id, size, from: Math.max(0, from - size) } : undefined,
        next: from + size < total ? { id, size, from: from + size } : undefined,
      },
    };
  }

  self.kbSearch = {
    handle(message) {
      switch (message.type) {
        case SETUP:
          setup(message.data);
          return { type: READY };
        case QUERY:
          try {
            return { type: RESULT, data: flat ? searchFlat(message.data) : search(message.data) };
          } catch (error) {
            console.warn("search failed:", error);
            return { type: RESULT, data: flat ? { items: [], pagination: { total: 0 } } : { items: [] } };
          }
        default:
          throw new TypeError("unknown search message");
      }
    },
    search,
  };
})();
