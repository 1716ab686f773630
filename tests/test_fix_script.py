"""Scripts and one-off jobs (and the landing page's TL;DR): the `with app.app_context():` fix,
import-time code, the prompt."""

import doctest

import pytest
from flask import Flask
from support import APP_CONTEXT_ERROR, DATABASE_CONTEXT_ERROR, FLASK_SQLALCHEMY_VERSION, user_names, first_line


def test_script_without_context_fails(run_python, error_text):
    result = run_python("fix-script/tldr_broken.py")
    assert result.returncode == 1
    assert DATABASE_CONTEXT_ERROR in result.stderr.splitlines()
    if DATABASE_CONTEXT_ERROR == error_text.splitlines()[0]:
        assert result.stderr.endswith(error_text)


def test_script_with_context_writes_the_user(run_python, tmp_path):
    result = run_python("fix-script/tldr.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "1 user(s)\n"
    assert user_names(tmp_path / "app.db") == ["ada"]


def test_import_at_the_top_of_a_script_fails_before_any_context():
    with pytest.raises(RuntimeError) as raised:
        import import_time_broken  # noqa: F401
    assert first_line(raised.value) == APP_CONTEXT_ERROR


def test_access_moved_into_a_function_reads_the_callers_app():
    from import_time_fixed import page_size

    app = Flask(__name__)
    app.config["PAGE_SIZE"] = 50
    with app.app_context():
        assert page_size() == 50
    with Flask(__name__).app_context():
        assert page_size() == 20
    with pytest.raises(RuntimeError):
        page_size()


def test_push_and_pop_at_the_prompt(snippet, database_url, monkeypatch):
    text = snippet("fix-script/interactive_push.pycon").read_text(encoding="utf-8")
    if FLASK_SQLALCHEMY_VERSION < (3, 0):  # the page says 2.5 words the error its own way
        text = text.replace(f"{APP_CONTEXT_ERROR}\n...\n", f"{DATABASE_CONTEXT_ERROR}\n")
    monkeypatch.setenv("DATABASE_URL", database_url)
    test = doctest.DocTestParser().get_doctest(text, {}, "interactive_push.pycon", None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS, verbose=False)
    runner.run(test)
    assert runner.summarize(verbose=False) == (0, 7)
