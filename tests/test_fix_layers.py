"""Layers around Flask (docs/fix-layers.md): a FastAPI application that mounts the Flask one
(a2wsgi), served by a real uvicorn process; an AWS Lambda function whose HTTP requests go
through apig-wsgi and whose scheduled handler does not, each handler called in a process of its
own as the Lambda runtime calls it: the module imported, the handler called with an event."""

import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from support import (
    DATABASE_CONTEXT_ERROR,
    SNIPPET_PATH,
    answers,
    assert_recorded,
    free_port,
    server,
    user_names,
    wait_for,
)

UVICORN = Path(sys.executable).parent / "uvicorn"  # the command a reader runs


@pytest.fixture
def users(app):
    """myapp's tables on the test's SQLite file, with three users."""
    from myapp import db
    from myapp.models import User

    with app.app_context():
        db.create_all()  # the app fixture's tables, and the model's now that it is imported
        db.session.add_all([User(name="ada"), User(name="guest-1"), User(name="guest-2")])
        db.session.commit()


def environment(database_url):
    return {**os.environ, "PYTHONPATH": os.pathsep.join(SNIPPET_PATH), "DATABASE_URL": database_url}


def get(port, path):
    """(status, body) of a GET to the server."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


# -- FastAPI mounting a Flask application --------------------------------------------------------


@pytest.fixture
def uvicorn(snippet, tmp_path, database_url, users):
    def serve(name, *paths, logged=None):
        """The answers to GETs of `paths`, and the server's log once it shows `logged` (by
        default the last request's access line), before the lines of its shutdown."""
        snippet(f"fix-layers/{name}.py")
        port = free_port()
        log = tmp_path / "uvicorn.log"
        command = [str(UVICORN), f"{name}:api", "--host", "127.0.0.1", "--port", str(port)]
        with server(command, tmp_path, environment(database_url), log, signal.SIGINT):  # Ctrl+C
            wait_for(lambda: answers(port))
            answered = [get(port, path) for path in paths]
            logged = logged or f'"GET {paths[-1]} HTTP/1.1"'
            text = wait_for(lambda: logged in log.read_text() and log.read_text())
        return answered, text

    return serve


def test_a_fastapi_route_runs_outside_the_flask_application(uvicorn):
    (flask_view, fastapi_route), log = uvicorn("mounted_broken", "/flask/users", "/api/users",
                                               logged=DATABASE_CONTEXT_ERROR)
    assert flask_view == (200, {"users": ["ada", "guest-1", "guest-2"]})  # Flask pushes its own context
    assert fastapi_route == (500, "Internal Server Error")
    assert "Exception in ASGI application" in log and DATABASE_CONTEXT_ERROR.splitlines()[-1] in log
    assert "in api_users\n" in log
    assert_recorded("fastapi", log)


def test_the_route_pushes_a_context_of_the_flask_application(uvicorn):
    (flask_view, fastapi_route), log = uvicorn("mounted", "/flask/users", "/api/users")
    assert flask_view == fastapi_route == (200, {"users": ["ada", "guest-1", "guest-2"]})
    assert "Traceback" not in log


# -- AWS Lambda: apig-wsgi for HTTP, a scheduled handler beside it -------------------------------

HTTP_EVENT = {  # what API Gateway's HTTP API sends for GET /users/count (payload format 2.0)
    "version": "2.0",
    "routeKey": "$default",
    "rawPath": "/users/count",
    "rawQueryString": "",
    "headers": {"host": "abc123.execute-api.eu-west-1.amazonaws.com"},
    "requestContext": {"http": {"method": "GET", "path": "/users/count", "protocol": "HTTP/1.1",
                                "sourceIp": "203.0.113.9"}, "stage": "$default"},
    "isBase64Encoded": False,
}
SCHEDULED_EVENT = {"version": "0", "source": "aws.events", "detail-type": "Scheduled Event", "detail": {}}
# What the runtime does with a function's handler, module.function: import, then call.
RUNTIME = "import importlib, json, sys\nmodule, function = sys.argv[1].rsplit('.', 1)\n" \
          "print(json.dumps(getattr(importlib.import_module(module), function)(json.loads(sys.argv[2]), None)))\n"


@pytest.fixture
def invoke(snippet, tmp_path, database_url, users):
    def call(handler, event):
        snippet(f"fix-layers/{handler.split('.')[0]}.py")
        return subprocess.run([sys.executable, "-c", RUNTIME, handler, json.dumps(event)], cwd=tmp_path,
                              env=environment(database_url), capture_output=True, text=True, timeout=60)

    return call


@pytest.mark.parametrize("module", ["lambda_broken", "lambda_function"])
def test_http_requests_through_apig_wsgi_have_a_context(invoke, module):
    result = invoke(f"{module}.http_handler", HTTP_EVENT)
    assert result.returncode == 0, result.stderr
    response = json.loads(result.stdout)
    assert (response["statusCode"], json.loads(response["body"])) == (200, {"users": 3})


def test_the_scheduled_handler_runs_outside_any_context(invoke, tmp_path):
    result = invoke("lambda_broken.nightly_cleanup", SCHEDULED_EVENT)
    assert result.returncode == 1
    assert "in nightly_cleanup\n" in result.stderr
    assert DATABASE_CONTEXT_ERROR in result.stderr.splitlines()
    assert user_names(tmp_path / "app.db") == ["ada", "guest-1", "guest-2"]


def test_the_scheduled_handler_that_pushes_a_context_cleans_up(invoke, tmp_path):
    result = invoke("lambda_function.nightly_cleanup", SCHEDULED_EVENT)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"deleted": 2}
    assert user_names(tmp_path / "app.db") == ["ada"]


@pytest.mark.parametrize("proxy", ["request", "session", "current_app", "g"])
def test_a_tool_tells_a_flask_proxy_by_isinstance_without_a_context(proxy):
    """What the page tells a tool's hook (autodoc-skip-member): isinstance() against
    LocalProxy needs no context; reading the proxy, as str() or getattr() do, needs one."""
    import flask
    from werkzeug.local import LocalProxy

    obj = getattr(flask, proxy)
    assert isinstance(obj, LocalProxy)
    with pytest.raises(RuntimeError, match="outside of|no request"):
        str(obj)
    with pytest.raises(RuntimeError, match="outside of|no request"):
        obj.name
