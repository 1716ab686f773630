/* The Vietnamese search page (ext/search_vi.py), in language_data.js after searchtools.js:
 * the results' summaries highlighted by whole syllables, and a page whose title holds the
 * query's words in a row first. */
(() => {
  const { SYLLABLE, fold, matcher, highlight } = VietnameseSyllables;
  const plainStopWords = new Set([...stopwords].map(fold)); // "cua" for "của"
  let query = []; // the folded words, in the query's order
  let typed = []; // the words as typed
  const parseQuery = Search._parseQuery;
  Search._parseQuery = (text) => {
    const parsed = parseQuery(text);
    const index = Search._index;
    const dropped = new Set(); // a stop word typed plain, unless a word of the index is spelled so
    for (const word of parsed[1])
      if (plainStopWords.has(word) && !(word in index.terms) && !(word in index.titleterms)) dropped.add(word);
    dropped.forEach((word) => parsed[1].delete(word));
    query = [...parsed[1]].filter((word) => !plainStopWords.has(word)); // titles have none
    typed = [...parsed[3]].filter((word) => !dropped.has(fold(word))); // nor highlighted,
    if (dropped.size && SPHINX_HIGHLIGHT_ENABLED) // here or on the page a result opens
      localStorage.setItem("sphinx_highlight_terms", typed.join(" "));
    parsed[3] = new Set(); // Sphinx would mark letters inside words: highlighted below instead
    return parsed;
  };

  Search.makeSearchSummary = (htmlText, keywords, anchor) => {
    const text = Search.htmlToText(htmlText, anchor);
    if (text === "") return null;
    const isTyped = matcher(typed);
    const first = [...text.matchAll(SYLLABLE)].find((hit) => isTyped(hit[0]));
    const start = Math.max((first ? first.index : 0) - 120, 0);
    const summary = document.createElement("p");
    summary.classList.add("context");
    summary.textContent = (start === 0 ? "" : "...") + text.substr(start, 240).trim()
      + (start + 240 < text.length ? "..." : "");
    highlight(summary, typed);
    return summary;
  };

  // docname -> the folded words of its title, without its stop words (which no query keeps:
  // language_data.js's `stopwords`), and how many words the whole title has
  const titles = new Map();
  Scorer.score = (result) => {
    const [docname, , , , score] = result;
    const index = Search._index;
    if (!titles.has(docname)) {
      const all = (index.titles[index.docnames.indexOf(docname)] || "").normalize("NFC").match(SYLLABLE) || [];
      titles.set(docname, [all.filter((word) => !stopwords.has(word.toLowerCase())).map(fold), all.length]);
    }
    const [title, length] = titles.get(docname);
    for (let at = 0; query.length && at + query.length <= title.length; at++)
      if (query.every((word, i) => title[at + i] === word))
        return score + 200 + Math.round((100 * query.length) / length);
    return score;
  };
})();
