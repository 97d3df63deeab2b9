// Synonyms: groups of phrases that mean the same thing to a reader (kbdata/search.yaml, given
// in the index's config, generator/search). A phrase is a list of words, each word the index
// terms of it (worker.js's forms), stop words left out. They are used twice:
//
//   * when the site is indexed: a document that says a phrase of a group gets the group's other
//     phrases in a field of its own ("also"), so that one of them typed, or its start while it is
//     typed, or with a letter wrong, finds the document ("бэка" finds «резервное копирование»);
//   * when a query is read: a phrase of a group in it asks for any phrase of the group, so a
//     result is also found by the words the page says, and marked and previewed where it says them.
//
// A word says a phrase's word when one of its terms is the phrase word's term or, for a term of
// three letters or more, begins with it (as a typed word matches the start of a longer one).
self.kbSynonyms = (groups, analyse) => {
  const START = 3;
  const phrases = groups.flatMap((group, g) => group.map((text) => ({ text, group: g, words: analyse(text) })))
    .filter((phrase) => phrase.words.length);
  const byStart = new Map(); // the first letters of a phrase's first word -> the phrases
  for (const phrase of phrases) {
    for (const term of phrase.words[0]) {
      const key = term.slice(0, START);
      if (!byStart.has(key)) byStart.set(key, new Set());
      byStart.get(key).add(phrase);
    }
  }
  const says = (terms, wanted) => wanted.some((w) => terms.some((t) => t === w || (w.length >= START && t.startsWith(w))));

  // The phrases said in a list of words (each its terms): { from, to, phrase }, the longest
  // one at each place, none overlapping.
  function find(list) {
    const found = [];
    for (let i = 0; i < list.length;) {
      let best = null;
      for (const phrase of new Set(list[i].flatMap((t) => [...(byStart.get(t.slice(0, START)) || [])]))) {
        const n = phrase.words.length;
        if (n <= list.length - i && (!best || n > best.words.length) && phrase.words.every((w, k) => says(list[i + k], w))) {
          best = phrase;
        }
      }
      if (best) found.push({ from: i, to: i + best.words.length, phrase: best });
      i += best ? best.words.length : 1;
    }
    return found;
  }
  const others = (phrase) => phrases.filter((p) => p.group === phrase.group && p.text !== phrase.text);

  // A document's fields (texts): the other phrases of each group it says, as one text (its
  // field "also"), and per group the terms of those phrases and of the words that said one,
  // so that a match in "also" marks the words the document says.
  function also(texts) {
    const said = new Map(); // group -> { phrases: the texts it says, words: their terms }
    for (const text of texts) {
      const list = analyse(text);
      for (const { from, to, phrase } of find(list)) {
        if (!said.has(phrase.group)) said.set(phrase.group, { phrases: new Set(), words: new Set() });
        said.get(phrase.group).phrases.add(phrase.text);
        list.slice(from, to).flat().forEach((t) => said.get(phrase.group).words.add(t));
      }
    }
    const marks = [];
    const added = [];
    for (const [group, { phrases: texts, words }] of said) {
      const rest = phrases.filter((p) => p.group === group && !texts.has(p.text));
      added.push(...rest.map((p) => p.text));
      marks.push({ terms: new Set(rest.flatMap((p) => p.words.flat())), words });
    }
    return { text: added.join(" "), marks };
  }

  // The phrases of a query (its words, each its terms), each with its group's other phrases.
  const spans = (list) => find(list).map(({ from, to, phrase }) => ({ from, to, others: others(phrase).map((p) => p.words) }));

  // The terms of a hit to mark: those it matched and, where it matched a phrase in "also"
  // (the document's marks), the words of the document that say that phrase's group.
  function marked(hit, marks) {
    const matched = new Set(hit.terms);
    const viaAlso = hit.terms.filter((t) => hit.match[t].includes("also"));
    for (const mark of marks) if (viaAlso.some((t) => mark.terms.has(t))) mark.words.forEach((t) => matched.add(t));
    return matched;
  }

  return { also, spans, marked };
};
