"""Vietnamese search for the Vietnamese site.

Sphinx has no Vietnamese search language and falls back to English: its stemmer mangles
Vietnamese syllables ("chạy") and its stop words drop real ones ("an", "to", "do"). This one
keeps every syllable but Vietnamese's own function words (STOP_WORDS) and folds diacritics on
both sides, in the index (Python) and in the query (JavaScript), so "ngữ cảnh ứng dụng" and
"ngu canh ung dung" find the same pages.

Sphinx's search page then highlights a query word wherever its letters occur ("ngu" inside
"nguyên", never "ngữ") and ranks every page with the word in any heading alike, the glossary
("thuật ngữ") first. Here a highlight is a whole syllable, as typed, or any spelling with
diacritics of a word typed without (``search_vi_syllables.js``): in the results' summaries
(``search_vi_results.js``, which also ranks a page whose title holds the query's words in a row
first, the more of its title they cover the higher) and on the page a result opens
(``search_vi_page.js``). The search page gets its part in ``language_data.js`` with the
stemmer; every other page loads ``_static/highlight-vi.js``, written when the build starts. Both
are then minified with Sphinx's own scripts (ext/page_assets.py): the page budget holds.
"""

import unicodedata
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.search import SearchLanguage
from sphinx.util.typing import ExtensionMetadata

HERE = Path(__file__).parent


def script(*names):
    """The JavaScript files of this folder, one after the other."""
    return "\n".join((HERE / name).read_text(encoding="utf-8") for name in names)


def fold(word):
    """Lower case, no tone marks or other diacritics, đ as d: 'Ứng' -> 'ung'."""
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Vietnamese function words: nearly every page has each of them, and nobody searches for one, so
# each would cost the index a list of every page. They stay out of the index and of queries as
# written (Sphinx hands `stopwords` to the search page's script); typed without diacritics
# ("cua"), one is dropped from a query only when no word of the index is spelled so
# (search_vi_results.js): "ma" still finds "mã".
STOP_WORDS = frozenset("""
    bạn bằng các cả có còn của cũng chỉ chưa cho đã để đến đều đó được gì hãy hoặc khi không là lại
    mà mỗi một nào này nên nếu những như nó ở rằng rồi sẽ thì trên trong và vào vẫn về vì với
""".split())


class SearchVietnamese(SearchLanguage):
    lang = "vi"
    language_name = "Vietnamese"
    stopwords = STOP_WORDS

    def split(self, input):
        words = super().split(unicodedata.normalize("NFC", input))
        return [word for word in words if word.lower() not in STOP_WORDS]

    def word_filter(self, word):
        # Called with the folded word: "chờ" folds to "cho", which is no stop word.
        return not word.isdigit()

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
    # language_data.js, on the search page after searchtools.js: the stemmer, then the results'
    # highlighting and ranking
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
""" + script("search_vi_syllables.js", "search_vi_results.js")


PAGE_SCRIPT = "highlight-vi.js"


def add_page_script(app: Sphinx, config: Config) -> None:
    if config.language == SearchVietnamese.lang:
        app.add_js_file(PAGE_SCRIPT)


def write_page_script(app: Sphinx) -> None:
    """Before any page is written, so that each page's link carries the script's checksum."""
    if app.config.language == SearchVietnamese.lang and app.builder.format == "html":
        static = Path(app.outdir, "_static")
        static.mkdir(parents=True, exist_ok=True)
        (static / PAGE_SCRIPT).write_text(script("search_vi_syllables.js", "search_vi_page.js"), encoding="utf-8")


def leave_search_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """The search page has all of it in language_data.js."""
    if pagename == "search" and "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if Path(str(s.filename)).name != PAGE_SCRIPT]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_search_language(SearchVietnamese)
    app.connect("config-inited", add_page_script)
    app.connect("builder-inited", write_page_script)
    app.connect("html-page-context", leave_search_page)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
