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
//   * what readers call things is found where the pages call them otherwise (synonyms.js);
//   * a result points at the section or the table row, with a preview around the match (highlight.js).
//
// Loaded by the loader the build puts in place of the theme's worker (generator/search), which
// sets self.kbSearchBase; minisearch.js, stemmers.js, synonyms.js and highlight.js lie beside it.
/* global MiniSearch */
(() => {
  const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3; // Material's SearchMessageType
  const WORD = /[\p{L}\p{N}]+/gu;
  const FOLD = { ą: "a", ć: "c", ę: "e", ł: "l", ń: "n", ó: "o", ś: "s", ź: "z", ż: "z", ё: "е" };
  const fold = (word) => word.replace(/[ąćęłńóśźżё]/g, (c) => FOLD[c]);

  let docs = [];
  let engine = null;
  let stop = new Set();
  let stem = (word) => word;
  const cache = new Map();
  let synonyms = null;
  let shown = null; // highlight.js

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
    const base = self.kbSearchBase;
    importScripts(base + "minisearch.js", base + "stemmers.js", base + "synonyms.js", base + "highlight.js");
    const lang = config.lang[0];
    stem = (self.kbStemmers && self.kbStemmers[lang]) || stem;
    stop = new Set((config.stop || []).flatMap((word) => [word, fold(word)])); // "się" and "sie"
    shown = self.kbHighlight({ WORD, forms });
    synonyms = self.kbSynonyms(config.synonyms || [], (text) => words(text).map(forms).filter((f) => f.length));
    flat = Boolean(items);
    const { unescape } = shown;
    docs = flat
      ? items.map(({ location, title, text, keys }) => ({ location, title: unescape(title), text: unescape(text), keys }))
      : list.map(([location, title, text, keys]) => ({ location, title, text, keys }));
    const titles = new Map(docs.filter((d) => !d.location.includes("#")).map((d) => [d.location, d.title]));
    engine = new MiniSearch({
      fields: ["title", "keys", "text", "page", "also"],
      tokenize: words,
      processTerm: forms,
      searchOptions: {
        boost: { title: 3, keys: 2, text: 1, page: 0.5, also: 1 },
        tokenize: (s) => [s],
        processTerm: (t) => t,
      },
    });
    engine.addAll(docs.map((doc, id) => {
      const also = synonyms.also([doc.title, doc.text, doc.keys]);
      doc.marks = also.marks;
      return {
        id, title: doc.title, keys: doc.keys, text: doc.text, also: also.text,
        page: doc.location.includes("#") ? titles.get(doc.location.split("#")[0]) || "" : "",
      };
    }));
  }

  const LOOSE = 6; // a stem this long is also looked up by its start, two letters shorter
  // The query's words with their index terms, and the shorter starts of their long stems. The
  // first word of a synonym's phrase (synonyms.js) holds the phrase's length and its others.
  function clauses(query) {
    const list = words(query).map((word) => ({ word, terms: forms(word) })).filter((c) => c.terms.length)
      .map((c) => ({ ...c, loose: [...new Set(c.terms.filter((t) => t.length >= LOOSE).map((t) => t.slice(0, -2)))] }));
    for (const span of synonyms.spans(list.map((c) => c.terms))) {
      list.slice(span.from, span.to).forEach((c) => (c.span = span));
      list[span.from].others = span.others;
    }
    return list;
  }

  const PREFIX = (term) => term.length >= 3; // any word may be the start of a longer one, wherever it is
  const FUZZY = (term) => (term.length >= 5 && !/^\p{N}+$/u.test(term) ? 1 : 0);
  const TEXTS = ["title", "keys", "text", "page"]; // where another phrase of a synonym is looked for

  const asked = (clause) => {
    const queries = [{ queries: clause.terms, prefix: PREFIX, fuzzy: FUZZY }];
    if (clause.loose.length) queries.push({ queries: clause.loose, prefix: true, fuzzy: false, boostTerm: () => 0.3 });
    return { combineWith: "OR", queries };
  };
  // A synonym's other phrase: each of its words (its terms, or the start of a longer word), in the pages' words.
  const phrase = (words) => ({ combineWith: "AND", fields: TEXTS, queries: words.map((terms) => (
    { combineWith: "OR", queries: terms, prefix: PREFIX, fuzzy: false })) });

  function run(list, combineWith) {
    const queries = [];
    for (let i = 0; i < list.length;) {
      const { others, span } = list[i];
      const own = list.slice(i, others ? span.to : i + 1).map(asked);
      queries.push(others ? { combineWith: "OR", queries: [{ combineWith, queries: own }, ...others.map(phrase)] } : own[0]);
      i += own.length;
    }
    return engine.search({ combineWith, queries });
  }

  // Each word of the query: whether the hit has it (or, in a synonym's phrase, one of its others whole).
  function said(list, hit) {
    const found = new Set(hit.queryTerms);
    const has = (terms) => terms.some((t) => found.has(t));
    const terms = {};
    for (const clause of list) {
      const whole = clause.span && list[clause.span.from].others.some((words) => words.every(has));
      const hitClause = has(clause.terms) || has(clause.loose) || Boolean(whole);
      terms[hitClause ? stem(clause.word) : clause.word] = hitClause;
    }
    return terms;
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
      const matched = synonyms.marked(hit, doc.marks);
      const terms = said(list, hit);
      const item = {
        id: hit.id,
        matched,
        some: Boolean(hit.some),
        location: doc.location,
        title: shown.highlight(doc.title, matched, false),
        text: shown.highlight(doc.text, matched, true),
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
        if (doc) items.push({ location: page, title: shown.escape(doc.title), text: "", score: 0, terms: {} });
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
    const query = shown.unescape(typeof input === "string" ? input : "");
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
          return { field, value: { highlight: { ranges: shown.escapedRanges(text, shown.matches(text, matched)) } } };
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
