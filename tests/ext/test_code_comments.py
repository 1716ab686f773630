"""ext/code_comments.py: only the comments and the one-line docstrings of a code block are
translated, and a translation never adds a line of code nor changes its data."""

import pytest

from ext import code_comments
from harness.catalogs import po_text as catalog


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
        ('def f():\n    """What f does."""\n', ((2, 4, "What f does."),)),
        ('@app.cli.command("seed")\ndef seed(a,\n         b) -> None:  # c\n    """Seeds."""\n    x = 1\n',
         ((3, 22, "c"), (4, 4, "Seeds."))),
        ('class A(B):\n    """An A."""\n\n    async def f(self):\n        """Awaits."""\n',
         ((2, 4, "An A."), (5, 8, "Awaits."))),
        ('def f():\n    x = 1\n    """Not the first statement."""\n', ()),
        ('def f():\n    """Part of an expression.""" + x\n', ()),
        ('def f(): """On the header\'s line."""\n', ()),
        ('if x:\n    """A string in an if, not a docstring."""\n', ()),
        ('def f():\n    """Two\n    lines."""\n', ()),
        ('def f():\n    f"""{x}"""\n', ()),
    ],
)
def test_one_line_docstrings_are_prose_and_no_other_string(code, found):
    assert code_comments.prose(code) == found


def test_a_translated_function_docstring_stays_a_docstring():
    code = 'def seed():\n    """Add the first user."""\n    return 1\n'
    block = code_comments.commented_code("", code)
    block.preserve_original_messages()
    block.translate("Add the first user.", "Thêm người dùng đầu tiên.")
    assert block.astext() == 'def seed():\n    """Thêm người dùng đầu tiên."""\n    return 1\n'


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


@pytest.mark.parametrize(
    ("code", "found"),
    [
        ('[tool.x]\n# why it is set\nkey = "#not a comment"  # trailing: left alone\n', ((2, 0, "why it is set"),)),
        ('  # indented\na = 1\n', ((1, 2, "indented"),)),
        ('a = """\n# data, not a comment\n"""\n# a comment\n', ()),  # multi-line strings: nothing
    ],
)
def test_toml_whole_line_comments_are_prose(code, found):
    assert code_comments.prose(code, "toml") == found


def test_a_toml_comment_translation_keeps_the_data(monkeypatch):
    warnings = []
    monkeypatch.setattr(code_comments.logger, "warning", lambda *args, **kwargs: warnings.append(args))
    code = '[tool.x]\n# why it is set\nkey = 1\n'
    block = code_comments.commented_code("", code, language="toml")
    block.preserve_original_messages()
    assert block.extract_original_messages() == ["why it is set"]
    block.translate("why it is set", "vì sao\x07")  # a control character TOML forbids in a comment
    assert block.astext() == code and len(warnings) == 1
    block.translate("why it is set", "vì sao đặt nó")
    assert block.astext() == '[tool.x]\n# vì sao đặt nó\nkey = 1\n'


TOML_PAGE = "# T\n\n```{literalinclude} snippets/a.toml\n:language: toml\n```\n"


def test_a_translated_page_changes_the_comments_of_its_toml(project):
    files = {"index.md": TOML_PAGE, "snippets/a.toml": "[tool.x]\n# why it is set\nkey = 1\n",
             "locale/vi/LC_MESSAGES/index.po": catalog({"why it is set": "vì sao đặt nó"})}
    app, warnings, pages = project(CONF, files)("vi")
    assert "vì sao đặt nó" in pages["index.html"] and "why it is set" not in pages["index.html"]


def test_code_that_python_cannot_read_is_reported(project):
    files = {"index.md": PAGE, "snippets/a.py": "def broken(:\n    pass  # a comment\n"}
    app, warnings, pages = project(CONF, files)("en")
    assert "index.md:3: WARNING: Python's tokenizer rejects this code" in warnings


def test_untokenizable_code_has_no_prose_to_find():
    with pytest.raises(code_comments.UntokenizableCode):
        code_comments.prose('x = """never closed\n')
