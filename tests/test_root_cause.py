"""The root-cause page: where Flask pushes a context for you, and where nothing does."""

import contextvars

import flask.globals
import pytest

from harness.flask_lines import FLASK_VERSION


@pytest.fixture
def where():
    import where_contexts_exist

    return where_contexts_exist


def test_nothing_is_pushed_at_import_time(reader):
    result = reader.python("root-cause/where_contexts_exist.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "at import time: False\n"


def test_a_view_has_both_contexts_and_its_thread_has_none(where):
    response = where.app.test_client().get("/")
    assert response.get_json() == {
        "app context in the view": True,
        "request context in the view": True,
        "app context in a new thread": False,
    }


def test_a_flask_command_runs_in_an_app_context(reader):
    result = reader.flask("where_contexts_exist", "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "at import time: False\nin a flask command: True\n"


def test_contexts_live_in_context_variables_on_every_line():
    if FLASK_VERSION >= (3, 2):  # one context, which carries the request during one
        assert isinstance(flask.globals._cv_app, contextvars.ContextVar)
        assert not hasattr(flask.globals, "_cv_request")
        app = flask.Flask(__name__)
        with app.test_request_context("/?page=2"):
            context = flask.globals._cv_app.get()
            assert context.app is app and context.request is flask.request._get_current_object()
    elif FLASK_VERSION >= (2, 2):  # directly
        assert isinstance(flask.globals._cv_app, contextvars.ContextVar)
        assert isinstance(flask.globals._cv_request, contextvars.ContextVar)
    else:  # through Werkzeug 2's LocalStack, which stores its stack in a context variable
        for stack in (flask.globals._app_ctx_stack, flask.globals._request_ctx_stack):
            assert isinstance(object.__getattribute__(stack._local, "_storage"), contextvars.ContextVar)
