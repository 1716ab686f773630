"""The root-cause page: where Flask pushes a context for you, and where nothing does."""

import contextvars

import flask.globals
import pytest
from support import FLASK_VERSION


@pytest.fixture
def where():
    import where_contexts_exist

    return where_contexts_exist


def test_nothing_is_pushed_at_import_time(run_python):
    result = run_python("root-cause/where_contexts_exist.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "at import time: False\n"


def test_a_view_has_both_contexts_and_its_thread_has_none(where):
    response = where.app.test_client().get("/")
    assert response.get_json() == {
        "app context in the view": True,
        "request context in the view": True,
        "app context in a new thread": False,
    }


def test_a_flask_command_runs_in_an_app_context(run_flask):
    result = run_flask("where_contexts_exist", "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "in a flask command: True"


def test_contexts_live_in_context_variables_since_flask_2_2():
    if FLASK_VERSION < (2, 2):
        pytest.skip("Flask 2.0 and 2.1 keep a stack per thread in werkzeug.local")
    assert isinstance(flask.globals._cv_app, contextvars.ContextVar)
    assert isinstance(flask.globals._cv_request, contextvars.ContextVar)
