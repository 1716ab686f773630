"""The version-changes page: each change holds on the Flask line under test."""

import sys
import warnings
from importlib.metadata import metadata

import flask
import pytest
from flask_sqlalchemy import SQLAlchemy

from harness.flask_lines import (
    APP_CONTEXT_ERROR,
    FLASK_SQLALCHEMY_VERSION,
    FLASK_VERSION,
    first_line,
    installed,
    requirements,
)

# name: (object that had it, deprecated in, removed in)
REMOVED = {
    "_app_ctx_stack": (flask, (2, 2), (3, 0)),
    "_request_ctx_stack": (flask, (2, 2), (3, 0)),
    "signals_available": (flask, (2, 3), (3, 0)),
    "before_first_request": (flask.Flask, None, (2, 3)),
}


@pytest.mark.parametrize("name", REMOVED)
def test_removed_names(name):
    owner, deprecated, removed = REMOVED[name]
    if FLASK_VERSION >= removed:
        assert not hasattr(owner, name)
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        getattr(owner, name)
    deprecation = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert bool(deprecation) == (deprecated is not None and FLASK_VERSION >= deprecated)


def test_flask_env_no_longer_turns_on_debug(monkeypatch):
    monkeypatch.setenv("FLASK_ENV", "development")
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # 2.2 warns about FLASK_ENV
        debug = flask.Flask(__name__).debug
    assert debug is (FLASK_VERSION < (2, 3))


def test_flask_command_has_app_option_since_2_2(reader):
    result = reader.module("flask", "--help", env={"FLASK_APP": ""})
    assert ("--app" in result.stdout) is (FLASK_VERSION >= (2, 2))


def test_flask_sqlalchemy_3_needs_a_context_even_with_the_app_given(tmp_path):
    app = flask.Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'app.db'}"
    db = SQLAlchemy(app)
    if FLASK_SQLALCHEMY_VERSION < (3, 0):
        assert db.engine.dialect.name == "sqlite"  # 2.x fell back to the app it was given
        return
    with pytest.raises(RuntimeError) as raised:
        db.engine
    assert first_line(raised.value) == APP_CONTEXT_ERROR
    with app.app_context(), pytest.raises(TypeError):
        db.create_all(app=app)


# The Flask each Flask-SQLAlchemy release requires, from its wheel's metadata (Requires-Dist):
# {first release with that requirement: the requirement}. 3.0.0 to 3.0.3 need Flask 2.2;
# from 3.0.4 on, 2.2.5; so Flask 2.0 and 2.1 need Flask-SQLAlchemy 2.5.
FLASK_NEEDED_BY_FLASK_SQLALCHEMY = {(2, 5, 0): ">=0.10", (3, 0, 0): ">=2.2", (3, 0, 4): ">=2.2.5"}


def test_flask_sqlalchemy_requires_flask_2_2_from_3_0():
    current = installed("flask-sqlalchemy", parts=3)
    needed = next(
        requirement for release, requirement in sorted(FLASK_NEEDED_BY_FLASK_SQLALCHEMY.items(), reverse=True)
        if current >= release
    )
    assert requirements("flask-sqlalchemy")["flask"] == needed


def test_flask_sqlalchemy_2_5_needs_sqlalchemy_1_and_does_not_say_so(reader):
    """The page's install line for Flask 2.0 and 2.1: Flask-SQLAlchemy 2.5 requires any
    SQLAlchemy, and reads `sqlalchemy.__all__` when `SQLAlchemy()` is created, which SQLAlchemy 2
    no longer has: with it, `SQLAlchemy()` raises AttributeError."""
    import inspect

    import flask_sqlalchemy
    import sqlalchemy

    if FLASK_SQLALCHEMY_VERSION >= (3, 0):
        assert installed("sqlalchemy") >= (2, 0) and not hasattr(sqlalchemy, "__all__")
        return
    assert "<" not in requirements("flask-sqlalchemy")["sqlalchemy"]
    assert "for key in module.__all__" in inspect.getsource(flask_sqlalchemy._include_sqlalchemy)
    assert installed("sqlalchemy") < (2, 0)  # what the page's install line gives
    as_sqlalchemy_2 = ("import sqlalchemy\n"
                       "del sqlalchemy.__all__\n"  # as SQLAlchemy 2 is
                       "from flask_sqlalchemy import SQLAlchemy\n"
                       "SQLAlchemy()\n")
    printed = reader.code(as_sqlalchemy_2)
    error = "AttributeError: module 'sqlalchemy' has no attribute '__all__'"
    if sys.version_info >= (3, 10):
        error += ". Did you mean: '__file__'?"
    assert printed.stderr.splitlines()[-1] == error


@pytest.mark.skipif(FLASK_VERSION >= (2, 3), reason="Flask 2.3 and later require blinker (test_app_context)")
@pytest.mark.cold  # a fresh interpreter: the warm one has imported Flask, and blinker with it
def test_signals_need_blinker_before_flask_2_3(reader):
    """The page's advice on signals_available: before Flask 2.3, a Flask without blinker connects
    no function to a signal, with the error the page quotes."""
    without_blinker = ("import sys\n"
                       "sys.modules['blinker'] = None  # as if it were not installed\n"
                       "from flask import appcontext_pushed\n"
                       "appcontext_pushed.connect(print)\n")
    printed = reader.code(without_blinker)
    assert printed.stderr.splitlines()[-1] == (
        "RuntimeError: Signalling support is unavailable because the blinker library is not installed.")


def test_flask_3_2_no_longer_supports_python_3_9():
    requires_python = metadata("flask")["Requires-Python"]
    assert (requires_python == ">=3.10") is (FLASK_VERSION >= (3, 2)), requires_python
