"""The project's Sphinx extensions (ext/), function by function."""

import sys

import pytest
from support import ROOT

sys.path.insert(0, str(ROOT / "ext"))

import myst_i18n_speed  # noqa: E402
import search_vi  # noqa: E402
import translations  # noqa: E402
from docutils.frontend import get_default_settings  # noqa: E402
import languages  # noqa: E402
from languages import catalog_problem  # noqa: E402


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
    import unicodedata
    assert language.split(unicodedata.normalize("NFD", "ngữ cảnh")) == ["ngữ", "cảnh"]


def test_comments_are_found_but_not_strings_or_tool_pragmas():
    code = 'x = "# not a comment"  # a comment\n# another one\ny = 1  # noqa: E501\n'
    assert translations.prose(code) == ((1, 23, "a comment"), (2, 0, "another one"))


@pytest.mark.parametrize(
    ("code", "found"),
    [
        ('"""The summary."""\n\nimport os  # why\n', ((1, 0, "The summary."), (3, 11, "why"))),
        ('# header\n"""After a comment."""\nx = 1\n', ((1, 0, "header"), (2, 0, "After a comment."))),
        ('x = 1\n"""Not the first statement."""\n', ()),
        ('"""Part of an expression.""" + x\n', ()),
        ('"""Two\nlines."""\n', ()),  # only one-line docstrings are messages
        ("'''Other quotes.'''\n", ()),
        ('def f():\n    """A function docstring: maybe help text."""\n', ()),
    ],
)
def test_the_module_docstring_is_prose_and_no_other_string(code, found):
    assert translations.prose(code) == found


def test_a_translated_docstring_stays_a_docstring():
    block = translations.commented_code("", '"""Reads the app."""\nx = 1  # the app\n')
    block.preserve_original_messages()
    block.translate("Reads the app.", "Đọc ứng dụng.")
    assert block.astext() == '"""Đọc ứng dụng."""\nx = 1  # the app\n'


def test_a_translated_comment_changes_only_the_comment():
    block = translations.commented_code("", 'app = 1  # the app\nname = "the app"\n')
    block.preserve_original_messages()
    block.translate("the app", "ứng dụng")
    assert block.astext() == 'app = 1  # ứng dụng\nname = "the app"\n'
    assert block.rawsource == block.astext()  # Sphinx highlights only when they agree


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b\n', 5),  # unclosed string
        ('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgtxt "b"\n', 5),  # unknown keyword
        ('msgid ""\nmsgstr ""\n\n# note\n"stray"\n', 5),  # a string belonging to nothing
    ],
)
def test_broken_catalogs_are_reported_at_their_line(tmp_path, text, line):
    po = tmp_path / "page.po"
    po.write_text(text, encoding="utf-8")
    assert catalog_problem(po)[0] == line


def test_a_good_catalog_has_no_problem(tmp_path):
    po = tmp_path / "page.po"
    po.write_text('msgid ""\nmsgstr ""\n\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n"c"\n', encoding="utf-8")
    assert catalog_problem(po) is None


def test_faster_make_document_gives_fresh_documents_with_the_default_settings():
    first, second = myst_i18n_speed.make_document(), myst_i18n_speed.make_document()
    defaults = vars(get_default_settings(myst_i18n_speed.base.RSTParser))
    mutable = "record_dependencies"
    assert {k: v for k, v in vars(first.settings).items() if k != mutable} == {
        k: v for k, v in defaults.items() if k != mutable
    }
    assert first.settings.record_dependencies is not second.settings.record_dependencies
    first.settings.report_level = 5
    assert second.settings.report_level == defaults["report_level"]  # each has its own copy
    assert first is not second


def test_templates_come_from_the_cache_until_their_source_changes(tmp_path):
    from sphinx.testing.util import SphinxTestApp

    source = tmp_path / "src"
    (source / "_templates").mkdir(parents=True)
    (source / "conf.py").write_text(
        "extensions = ['template_cache']\ntemplates_path = ['_templates']\nhtml_theme = 'basic'\n"
    )
    (source / "index.rst").write_text("Title\n=====\n")

    def build(mark):
        (source / "_templates" / "layout.html").write_text(
            f'{{% extends "!layout.html" %}}{{% block footer %}}{mark}{{% endblock %}}'
        )
        app = SphinxTestApp(srcdir=source, builddir=tmp_path / "build", exception_on_warning=True)
        try:
            app.build()
        finally:
            app.cleanup()
        cached = {path: path.stat().st_mtime_ns for path in (tmp_path / "build" / "doctrees" / "jinja").iterdir()}
        return cached, (tmp_path / "build" / "html" / "index.html").read_text(encoding="utf-8")

    first, page = build("first")
    assert first and "first" in page
    again, _ = build("first")
    assert again == first  # every template loaded from the cache: none compiled, none written
    _, page = build("second")
    assert "second" in page  # a changed template is compiled anew, never served stale


def test_a_broken_catalog_warns_at_every_build_and_a_sound_one_is_checked_once(tmp_path, monkeypatch):
    from sphinx.testing.util import SphinxTestApp

    source = tmp_path / "src"
    catalog = source / "locale" / "vi" / "LC_MESSAGES" / "index.po"
    catalog.parent.mkdir(parents=True)
    (source / "conf.py").write_text(
        "extensions = ['languages']\nlanguage = 'vi'\nlocale_dirs = ['locale']\n"
        "guide_languages = {'en': 'English', 'vi': 'Tiếng Việt'}\n"
    )
    (source / "index.rst").write_text("Title\n=====\n")
    sound = 'msgid ""\nmsgstr ""\n\nmsgid "Title"\nmsgstr "Tiêu đề"\n'

    def build(text):
        catalog.write_text(text, encoding="utf-8")
        app = SphinxTestApp("dummy", srcdir=source, builddir=tmp_path / "build")
        try:
            app.build()
        finally:
            app.cleanup()
        return app.warning.getvalue()

    for _ in range(2):  # the second build finds it as broken as the first
        assert f"{catalog}:5: WARNING: broken catalog" in build(sound.replace('"Tiêu đề"', '"Tiêu đề'))
    assert "broken catalog" not in build(sound)
    monkeypatch.setattr(languages, "catalog_problem", None)  # remembered as sound: not read again
    assert "broken catalog" not in build(sound)


def test_a_markdown_parser_is_lent_again_only_once_its_render_has_finished():
    from myst_parser.config.main import MdParserConfig
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer

    config = MdParserConfig()

    def parse(parser, text):  # as MystParser.parse does it
        parser.options["document"] = myst_i18n_speed.make_document()
        return parser.render(text).pformat()

    first = myst_i18n_speed.create_md_parser(config, DocutilsRenderer)
    during = myst_i18n_speed.create_md_parser(config, DocutilsRenderer)  # first not rendered yet
    assert during is not first
    text = "# Title\n\nSome *text*[^1].\n\n[^1]: A note.\n"
    fresh = parse(first, text)
    assert myst_i18n_speed.create_md_parser(config, DocutilsRenderer) is first
    assert parse(first, text) == fresh  # nothing of the last render is left over
    assert myst_i18n_speed.create_md_parser(MdParserConfig(), DocutilsRenderer) is not first


def test_a_docstring_translation_that_could_end_the_string_is_refused(monkeypatch):
    warnings = []
    monkeypatch.setattr(translations.logger, "warning", lambda *args, **kwargs: warnings.append(args))
    block = translations.commented_code("", '"""Reads the app."""\n')
    block.preserve_original_messages()
    block.translate("Reads the app.", 'Đọc "app".')
    assert block.astext() == '"""Reads the app."""\n'
    assert len(warnings) == 1
