/* The Vietnamese search page (ext/search_vi.py), in language_data.js after searchtools.js:
 * the results' summaries highlighted by whole syllables, and a page whose title holds the
 * query's words in a row first. */
(() => {
  const { SYLLABLE, fold, matcher, highlight } = VietnameseSyllables;
  const words = (text) => (text.normalize("NFC").match(SYLLABLE) || []).map(fold);
  let query = []; // the folded words, in the query's order
  let typed = []; // the words as typed
  const parseQuery = Search._parseQuery;
  Search._parseQuery = (text) => {
    const parsed = parseQuery(text);
    query = [...parsed[1]];
    typed = [...parsed[3]];
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

  const titles = new Map(); // docname -> the folded words of its title
  Scorer.score = (result) => {
    const [docname, , , , score] = result;
    const index = Search._index;
    if (!titles.has(docname)) titles.set(docname, words(index.titles[index.docnames.indexOf(docname)] || ""));
    const title = titles.get(docname);
    for (let at = 0; query.length && at + query.length <= title.length; at++)
      if (query.every((word, i) => title[at + i] === word))
        return score + 200 + Math.round((100 * query.length) / title.length);
    return score;
  };
})();
