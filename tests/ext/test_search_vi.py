"""ext/search_vi.py: the Vietnamese search language folds diacritics and keeps every syllable."""

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
    assert language.word_filter(language.stem(word))  # no stop words: "an", "to", "do" stay


def test_vietnamese_search_splits_decomposed_text_as_composed():
    language = search_vi.SearchVietnamese({})
    assert language.split("ngữ cảnh") == language.split("ngữ cảnh".encode().decode()) == ["ngữ", "cảnh"]
    assert language.split(unicodedata.normalize("NFD", "ngữ cảnh")) == ["ngữ", "cảnh"]
