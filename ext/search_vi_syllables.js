/* Vietnamese syllables (ext/search_vi.py): a word typed with diacritics matches itself, one
 * typed without matches every spelling ("ngu": "ngữ", "ngự"), and never part of a syllable. */
var VietnameseSyllables = (() => {
  const SYLLABLE = /[\p{Letter}\p{Number}_]+/gu; // the words splitQuery keeps
  const fold = (word) => word.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/\p{Mark}/gu, "");
  const matcher = (typed) => {
    const words = new Set(typed.map((word) => word.toLowerCase().normalize("NFC")));
    const plain = new Set([...words].filter((word) => fold(word) === word));
    return (syllable) => {
      const word = syllable.toLowerCase().normalize("NFC");
      return words.has(word) || plain.has(fold(word));
    };
  };
  // Wrap each whole syllable of root's text that is a typed word in a span.highlighted.
  const highlight = (root, typed) => {
    const isTyped = matcher(typed);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const found = [];
    while (walker.nextNode()) {
      const parent = walker.currentNode.parentElement;
      if (parent && !parent.closest("button, select, textarea, script, style, .nohighlight, .highlighted"))
        found.push(walker.currentNode);
    }
    for (const node of found) {
      const text = node.nodeValue;
      const hits = [...text.matchAll(SYLLABLE)].filter((hit) => isTyped(hit[0]));
      if (!hits.length) continue;
      const parts = document.createDocumentFragment();
      let end = 0;
      for (const hit of hits) {
        const span = document.createElement("span");
        span.className = "highlighted";
        span.textContent = hit[0];
        parts.append(text.slice(end, hit.index), span);
        end = hit.index + hit[0].length;
      }
      parts.append(text.slice(end));
      node.replaceWith(parts);
    }
  };
  return { SYLLABLE, fold, matcher, highlight };
})();
