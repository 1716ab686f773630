/* The page a Vietnamese search result opens (ext/search_vi.py): Sphinx's highlightSearchWords
 * (sphinx_highlight.js), by whole syllables. */
if (typeof SphinxHighlight !== "undefined")
  SphinxHighlight.highlightSearchWords = () => {
    const url = new URL(window.location);
    const terms = localStorage.getItem("sphinx_highlight_terms") || url.searchParams.get("highlight") || "";
    localStorage.removeItem("sphinx_highlight_terms");
    if (url.searchParams.has("highlight")) {
      url.searchParams.delete("highlight");
      window.history.replaceState({}, "", url);
    }
    const typed = terms.normalize("NFC").match(VietnameseSyllables.SYLLABLE) || [];
    const body = document.querySelector("div.body") || document.body;
    if (typed.length) window.setTimeout(() => VietnameseSyllables.highlight(body, typed), 10);
  };
