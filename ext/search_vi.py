"""Vietnamese search for the Vietnamese site.

Sphinx has no Vietnamese search language and falls back to English: its stemmer mangles
Vietnamese syllables ("chạy") and its stop words drop real ones ("an", "to", "do"). This one
keeps every syllable and folds diacritics on both sides, in the index (Python) and in the
query (JavaScript), so "ngữ cảnh ứng dụng" and "ngu canh ung dung" find the same pages.
"""

import unicodedata

from sphinx.search import SearchLanguage


def fold(word):
    """Lower case, no tone marks or other diacritics, đ as d: 'Ứng' -> 'ung'."""
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class SearchVietnamese(SearchLanguage):
    lang = "vi"
    language_name = "Vietnamese"
    stopwords = frozenset()

    def split(self, input):
        return super().split(unicodedata.normalize("NFC", input))

    def stem(self, word):
        return fold(word)

    # The query side: the same folding, in the browser.
    js_splitter_code = """
function splitQuery(query) {
  return query
    .normalize("NFC")
    .split(/[^\\p{Letter}\\p{Number}_]+/gu)
    .filter((term) => term);
}
"""
    js_stemmer_code = """
var Stemmer = function () {
  this.stemWord = function (word) {
    return word
      .toLowerCase()
      .replace(/đ/g, "d")
      .normalize("NFD")
      .replace(/\\p{Mark}/gu, "");
  };
};
"""


def setup(app):
    app.add_search_language(SearchVietnamese)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
