"""ext/code_comments.py: only the comments and the module docstring of a code block are
translated, and a translation never adds a line of code."""

import pytest
from support import po_text as catalog

from ext import code_comments


def test_comments_are_found_but_not_strings_or_tool_pragmas():
    code = 'x = "# not a comment"  # a comment\n# another one\ny = 1  # noqa: E501\n'
    assert code_comments.prose(code) == ((1, 23, "a comment"), (2, 0, "another one"))


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
    assert code_comments.prose(code) == found


def test_a_translated_docstring_stays_a_docstring():
    block = code_comments.commented_code("", '"""Reads the app."""\nx = 1  # the app\n')
    block.preserve_original_messages()
    block.translate("Reads the app.", "Đọc ứng dụng.")
    assert block.astext() == '"""Đọc ứng dụng."""\nx = 1  # the app\n'


def test_a_translated_comment_changes_only_the_comment():
    block = code_comments.commented_code("", 'app = 1  # the app\nname = "the app"\n')
    block.preserve_original_messages()
    block.translate("the app", "ứng dụng")
    assert block.astext() == 'app = 1  # ứng dụng\nname = "the app"\n'
    assert block.rawsource == block.astext()  # Sphinx highlights only when they agree


def test_a_docstring_translation_that_could_end_the_string_is_refused(monkeypatch):
    warnings = []
    monkeypatch.setattr(code_comments.logger, "warning", lambda *args, **kwargs: warnings.append(args))
    block = code_comments.commented_code("", '"""Reads the app."""\n')
    block.preserve_original_messages()
    block.translate("Reads the app.", 'Đọc "app".')
    assert block.astext() == '"""Reads the app."""\n'
    assert len(warnings) == 1


CONF = """\
from pathlib import Path

extensions = ['myst_parser', 'ext.code_comments']
snippets_dir = str(Path(__file__).parent / 'snippets')
locale_dirs = ['locale']
"""
PAGE = "# T\n\n```{literalinclude} snippets/a.py\n:language: python\n```\n"
CODE = '"""Says hello."""\n\nprint("hello")  # greet the reader\nprint("bye")  # noqa: T201\n'


def test_a_translated_page_changes_only_the_prose_of_its_code(project):
    files = {"index.md": PAGE, "snippets/a.py": CODE,
             "locale/vi/LC_MESSAGES/index.po": catalog({"Says hello.": "Chào.", "greet the reader": "chào người đọc"})}
    app, warnings, pages = project(CONF, files)("vi")
    assert [w for w in warnings.splitlines() if "Docutils-generated text" not in w] == []  # docutils: no vi
    text = pages["index.html"]
    assert "Chào." in text and "chào người đọc" in text and "noqa: T201" in text
    assert "print" in text and "greet the reader" not in text


def test_code_that_python_cannot_read_is_reported(project):
    files = {"index.md": PAGE, "snippets/a.py": "def broken(:\n    pass  # a comment\n"}
    app, warnings, pages = project(CONF, files)("en")
    assert "index.md:3: WARNING: Python's tokenizer rejects this code" in warnings


def test_untokenizable_code_has_no_prose_to_find():
    with pytest.raises(code_comments.UntokenizableCode):
        code_comments.prose('x = """never closed\n')
