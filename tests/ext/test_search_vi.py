"""ext/search_vi.py: the Vietnamese search language folds diacritics and keeps every syllable
but Vietnamese's function words."""

import json
import unicodedata

import pytest

from ext import search_vi


@pytest.mark.parametrize(
    ("word", "folded"),
    [("Ứng", "ung"), ("dụng", "dung"), ("đẩy", "day"), ("ngữ", "ngu"), ("chạy", "chay"), ("an", "an")],
)
def test_vietnamese_search_folds_diacritics_and_keeps_words(word, folded):
    language = search_vi.SearchVietnamese({})
    assert language.stem(word) == folded
    assert language.word_filter(language.stem(word))  # not English's stop words: "an", "to", "do" stay


def test_vietnamese_search_splits_decomposed_text_as_composed():
    language = search_vi.SearchVietnamese({})
    assert language.split("ngữ cảnh") == language.split("ngữ cảnh".encode().decode()) == ["ngữ", "cảnh"]
    assert language.split(unicodedata.normalize("NFD", "ngữ cảnh")) == ["ngữ", "cảnh"]


def test_vietnamese_search_leaves_out_function_words_as_written_only():
    language = search_vi.SearchVietnamese({})
    assert language.split("Tìm trường hợp của bạn, CỦA bạn") == ["Tìm", "trường", "hợp"]
    assert language.split("chờ cửa") == ["chờ", "cửa"]  # "cho" and "của" are stop words, these are not
    assert language.word_filter(language.stem("chờ"))  # kept, folded to "cho"


def test_the_index_has_no_stop_word_and_the_search_page_knows_them(project):
    conf = "extensions = ['ext.search_vi']\nhtml_theme = 'furo'\n"
    files = {"index.rst": "Ngữ cảnh của ứng dụng\n=====================\n\nMột văn bản, và chờ.\n"}
    app, warnings, pages = project(conf, files)("vi")
    index = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(index[index.index("(") + 1:index.rindex(")")])["terms"]
    assert {"van", "ban", "cho"} <= terms.keys() and not {"cua", "mot", "va"} & terms.keys()
    language_data = (app.outdir / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert '"của"' in language_data and "plainStopWords" in language_data


def test_vietnamese_pages_load_the_syllable_highlighter_and_the_search_page_its_ranking(project):
    conf = "extensions = ['ext.search_vi']\nhtml_theme = 'furo'\n"
    files = {"index.rst": "Ngữ cảnh\n========\n\nVăn bản.\n"}
    app, warnings, pages = project(conf, files)("vi")
    static = app.outdir / "_static"
    assert "VietnameseSyllables" in (static / "highlight-vi.js").read_text(encoding="utf-8")
    assert "highlight-vi.js" in pages["index.html"] and "highlight-vi.js" not in pages["search.html"]
    language_data = (static / "language_data.js").read_text(encoding="utf-8")
    assert "var Stemmer" in language_data and "Scorer.score" in language_data
    app, warnings, pages = project(conf, files)("en")
    assert "highlight-vi.js" not in pages["index.html"] and not (app.outdir / "_static/highlight-vi.js").exists()
