"""Scripts and one-off jobs (and the landing page's TL;DR): the `with app.app_context():` fix
and the prompt."""

import doctest

import pytest
from support import DATABASE_CONTEXT_ERROR, FLASK_SQLALCHEMY_VERSION, user_names


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


def test_push_and_pop_at_the_prompt(snippet, database_url, monkeypatch):
    path = snippet("fix-script/interactive_push.pycon")
    if FLASK_SQLALCHEMY_VERSION < (3, 0):
        pytest.skip("Flask-SQLAlchemy 2.5 raises its own error for db.engine without a context")
    monkeypatch.setenv("DATABASE_URL", database_url)
    result = doctest.testfile(
        str(path), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert result == (0, 7)
