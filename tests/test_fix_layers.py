"""Layers around Flask (docs/fix-layers.md): a FastAPI application that mounts the Flask one
(a2wsgi), served by a real uvicorn process; an AWS Lambda function whose HTTP requests go
through apig-wsgi and whose scheduled handler does not, each handler called in a process of its
own as the Lambda runtime calls it: the module imported, the handler called with an event; a
real gunicorn given a proxy (every request fails) and given the application (its views answer);
a WSGI application served beside Flask by a dispatcher under a real gunicorn, without and with a
context for its whole response; a Google Cloud Function that functions-framework loads into the
application it makes, served by the real `functions-framework` command and tested with pytest
both ways."""

import json
import signal
import urllib.error
import urllib.request

import pytest

from harness.apps import add_users, user_names
from harness.flask_lines import (
    APP_CONTEXT_ERROR,
    DATABASE_CONTEXT_ERROR,
    FLASK_VERSION,
    REQUEST_ERROR_IN_APP_CONTEXT,
    first_line,
)
from harness.reader import tool
from harness.recordings import assert_recorded
from harness.servers import gunicorn_command


@pytest.fixture
def users(app):
    """myapp's tables on the test's SQLite file, with three users."""
    add_users(app, "ada", "guest-1", "guest-2")


def get(port, path, json_body=None):
    """(status, body) of a GET to the server, or of a POST of `json_body` as JSON; a JSON body
    decoded."""
    data = None if json_body is None else json.dumps(json_body).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read().decode()
            is_json = response.headers.get_content_type() == "application/json"
            return response.status, json.loads(body) if is_json else body
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


# -- FastAPI mounting a Flask application --------------------------------------------------------


@pytest.fixture
def uvicorn(reader, users):
    def serve(name, *paths, logged=None):
        """The answers to GETs of `paths`, and the server's log once it shows `logged` (by
        default the last request's access line), before the lines of its shutdown."""
        reader.snippet(f"fix-layers/{name}.py")
        command = [tool("uvicorn"), f"{name}:api", "--host", "127.0.0.1", "--port", "{port}"]
        with reader.serve(command, log="uvicorn.log", stop=signal.SIGINT) as process:  # Ctrl+C
            answered = [get(process.port, path) for path in paths]
            text = process.wait_for(lambda output: (logged or f'"GET {paths[-1]} HTTP/1.1"') in output and output)
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


def run_handler(reader, handler, event):
    """The serverless runtime's call of `handler` (module.function) with `event`."""
    module = handler.split(".")[0]
    if module.startswith("lambda_"):  # the page's; others are the test's own, in its folder
        reader.snippet(f"fix-layers/{module}.py")
    return reader.code(RUNTIME, handler, json.dumps(event))


@pytest.fixture
def invoke(reader, users):
    """run_handler on myapp's database with its three users."""
    return lambda handler, event: run_handler(reader, handler, event)


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


# A queue's handler that returns what a view returns, in a context: the runtime's JSON cannot
# carry it.
QUEUE_HANDLER = """\
from flask import jsonify

from lambda_function import app


def on_message(event, context):
    with app.app_context():
        return jsonify(label="spam")
"""


def test_on_a_database_without_its_tables_the_fixed_handler_fails_on_the_table(reader):
    """The page: the snippets need the sample application's tables, made once beforehand."""
    result = run_handler(reader, "lambda_function.nightly_cleanup", SCHEDULED_EVENT)
    assert result.returncode == 1
    assert "sqlalchemy.exc.OperationalError: (sqlite3.OperationalError) no such table: user" in result.stderr
    assert "outside of" not in result.stderr


def test_a_handler_that_flask_does_not_call_cannot_return_a_response(invoke, tmp_path):
    (tmp_path / "queue_handler.py").write_text(QUEUE_HANDLER, encoding="utf-8")
    result = invoke("queue_handler.on_message", {"Records": []})
    assert result.returncode == 1
    # what the runtime's json.dumps raises (AWS's runtime reports it as a Runtime.MarshalError)
    assert result.stderr.splitlines()[-1] == "TypeError: Object of type Response is not JSON serializable"


# -- A WSGI server given a proxy -----------------------------------------------------------------


@pytest.mark.parametrize("target", ["userlist_wsgi:app", "userlist.factory:create_app()"])
def test_a_server_given_the_application_serves_its_views(reader, users, target):
    reader.snippet("fix-layers/userlist_wsgi.py")
    reader.snippet("fix-layers/userlist/factory.py")
    with reader.serve(gunicorn_command(app=target), log="gunicorn.log") as process:
        assert get(process.port, "/users") == (200, {"users": ["ada", "guest-1", "guest-2"]})


def test_a_server_given_the_proxy_fails_every_request(reader, users):
    reader.snippet("fix-layers/userlist/__init__.py")
    with reader.serve(gunicorn_command(app="userlist:app"), log="gunicorn.log") as process:
        status, _body = get(process.port, "/users")
        # gunicorn 27 logs "Error handling request GET /users", gunicorn 23 "Error handling request /users"
        log = process.wait_for(lambda output: APP_CONTEXT_ERROR in output.partition(" /users\n")[2] and output)
    assert status == 500
    error = log[log.rindex("\n", 0, log.index(" /users\n")) + 1:]  # from that log line on
    assert "Error handling request" in error.splitlines()[0]
    assert "flask/app.py" not in error and "userlist" not in error  # no frame of Flask's, none of the reader's
    assert_recorded("gunicorn_proxy", error)


# -- Another WSGI application beside Flask -------------------------------------------------------


def test_an_application_mounted_beside_flask_runs_outside_any_context(reader, users):
    reader.snippet("fix-layers/report_app.py")
    reader.snippet("fix-layers/dispatched_broken.py")
    with reader.serve(gunicorn_command(app="dispatched_broken:application"), log="gunicorn.log") as process:
        status, _body = get(process.port, "/report")
        log = process.wait_for(lambda output: DATABASE_CONTEXT_ERROR in output.partition(" /report\n")[2] and output)
    assert status == 500
    error = log[log.rindex("\n", 0, log.index(" /report\n")) + 1:]
    assert "flask/app.py" not in error and "werkzeug/middleware/dispatcher.py" not in error  # the call had returned
    assert 'report_app.py", line' in error
    assert_recorded("dispatched", error)


def test_a_context_around_the_call_alone_is_gone_when_the_body_runs(app, users):
    from werkzeug.middleware.dispatcher import DispatcherMiddleware
    from werkzeug.test import Client

    from report_app import report

    def call_in_a_context(environ, start_response):
        with app.app_context():
            return report(environ, start_response)

    client = Client(DispatcherMiddleware(app, {"/report": call_in_a_context}))
    with pytest.raises(RuntimeError) as raised:
        client.get("/report").get_data()
    assert first_line(raised.value) == DATABASE_CONTEXT_ERROR


def test_the_wrapper_works_as_well_when_the_dispatcher_replaced_wsgi_app(app, users):
    from werkzeug.middleware.dispatcher import DispatcherMiddleware
    from werkzeug.test import Client

    from dispatched import with_app_context
    from report_app import report

    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/report": with_app_context(app, report)})
    assert Client(app).get("/report").get_data(as_text=True) == "ada\nguest-1\nguest-2\n"


def test_the_wrapper_sends_a_body_that_has_no_close_too(app):
    """A WSGI application may return a list, which has no close(): the wrapper works for it."""
    from flask import current_app
    from werkzeug.test import Client

    from dispatched import with_app_context

    def listing(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [current_app.name.encode()]

    assert Client(with_app_context(app, listing)).get("/").get_data(as_text=True) == app.name


def test_code_there_that_reads_flasks_request_needs_a_request_context_of_that_environ(app):
    """An application context gives the other application's code no `request`; a request context
    made from the environ it answers gives it that very request."""
    from flask import request
    from werkzeug.test import Client

    def path_of_the_request(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [request.path.encode()]

    def in_an_app_context(environ, start_response):
        with app.app_context():
            return path_of_the_request(environ, start_response)

    def in_a_request_context(environ, start_response):
        with app.request_context(environ):
            return path_of_the_request(environ, start_response)

    with pytest.raises(RuntimeError) as raised:
        Client(in_an_app_context).get("/report/today")
    assert first_line(raised.value) == REQUEST_ERROR_IN_APP_CONTEXT
    assert Client(in_a_request_context).get("/report/today").get_data(as_text=True) == "/report/today"


def test_in_that_request_context_url_for_has_the_other_applications_path_and_flash_is_lost():
    """url_for() builds under the dispatcher's SCRIPT_NAME (a nested application context changes
    nothing before Flask 3.2), the URL map builds Flask's own path, and a flash() reaches no
    browser: the other application's response sets no session cookie."""
    from flask import Flask, flash, get_flashed_messages, url_for
    from werkzeug.middleware.dispatcher import DispatcherMiddleware
    from werkzeug.test import Client

    shop = Flask("shop")
    shop.secret_key = "change me"
    shop.config["SERVER_NAME"] = "shop.example"

    @shop.get("/")
    def index():
        return {"messages": get_flashed_messages()}

    def report(environ, start_response):
        flash("report sent")
        links = [url_for("index"), shop.url_map.bind("shop.example").build("index")]
        with shop.app_context():
            links.append(url_for("index"))
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [" ".join(links).encode()]

    def in_a_request_context(environ, start_response):
        with shop.request_context(environ):
            return report(environ, start_response)

    client = Client(DispatcherMiddleware(shop, {"/report": in_a_request_context}))
    response = client.get("/report/today", base_url="http://shop.example")
    nested = "http://shop.example/" if FLASK_VERSION >= (3, 2) else "/report/"
    assert response.get_data(as_text=True) == f"/report/ / {nested}"
    assert "Set-Cookie" not in response.headers
    assert client.get("/", base_url="http://shop.example").json == {"messages": []}


def test_the_wrapped_application_sends_its_whole_body_in_a_context(reader, users):
    reader.snippet("fix-layers/report_app.py")
    reader.snippet("fix-layers/dispatched.py")
    with reader.serve(gunicorn_command(app="dispatched:application"), log="gunicorn.log") as process:
        assert get(process.port, "/report") == (200, "ada\nguest-1\nguest-2\n")
        assert get(process.port, "/report") == (200, "ada\nguest-1\nguest-2\n")  # and pops it each time
        status, _body = get(process.port, "/")
    assert status == 404  # Flask's own answer: / is the Flask application, which has no view there


def test_a_proxy_passes_for_the_application_in_a_context_and_is_a_localproxy_always():
    """What the page tells a reader who checks the object a server is given."""
    from flask import Flask, current_app
    from werkzeug.local import LocalProxy

    app = Flask("shop")
    assert isinstance(current_app, LocalProxy)
    with app.app_context():
        assert isinstance(current_app, Flask)  # the proxy passes for the application here
        assert isinstance(current_app, LocalProxy)
    assert isinstance(app, Flask) and not isinstance(app, LocalProxy)


# -- Google Cloud Functions: functions-framework makes the application ---------------------------


def test_functions_framework_runs_the_module_in_the_context_of_its_application(reader, tmp_path):
    main = reader.snippet("fix-layers/cloud_function/main.py")
    command = [tool("functions-framework"), "--target", "sign_guestbook", "--source", str(main),
               "--host", "127.0.0.1", "--port", "{port}"]
    with reader.serve(command, log="functions-framework.log") as process:
        answers = [get(process.port, "/", {"name": name}) for name in ("ada", "grace")]
    assert answers == [(200, {"guests": 1}), (200, {"guests": 2})]
    assert user_names(tmp_path / "app.db", table="guest") == ["ada", "grace"]


def test_a_test_that_imports_the_function_runs_its_module_outside_any_context(reader, snippet):
    folder = snippet("fix-layers/cloud_function/main.py").parent
    result = reader.pytest(folder, snippet("fix-layers/cloud_function/test_main_broken.py").name)
    result.assert_outcomes(errors=1)
    output = result.stdout.str()
    assert "ERROR collecting test_main_broken.py" in output
    assert "main.py:10: in <module>" in output
    assert "E   RuntimeError: Working outside of application context." in output.splitlines()
    assert_recorded("functions_framework", output)


# What functions-framework does before the tests, as a plugin: load main.py into its application.
LOADED_BY_THE_FRAMEWORK = """\
import os
import pathlib

import functions_framework


def pytest_configure(config):
    os.environ["DATABASE_URL"] = "{database_url}"
    functions_framework.create_app(target="sign_guestbook", source=str(pathlib.Path("main.py").resolve()))
"""


def test_a_request_of_another_application_reaches_a_database_set_up_for_the_framework_s(reader, snippet):
    """Even with main.py loaded by the framework, the unit test's own Flask app is not the one
    main.py set up: its request finds no database of db's."""
    from harness.flask_lines import FLASK_SQLALCHEMY_VERSION

    (reader.folder / "loaded_by_the_framework.py").write_text(
        LOADED_BY_THE_FRAMEWORK.format(database_url=reader.database_url))
    folder = snippet("fix-layers/cloud_function/main.py").parent
    result = reader.pytest(folder, snippet("fix-layers/cloud_function/test_main_broken.py").name,
                           "-p", "loaded_by_the_framework", path=[reader.folder])
    result.assert_outcomes(failed=1)
    if FLASK_SQLALCHEMY_VERSION >= (3, 0):
        error = "E           RuntimeError: The current Flask app is not registered with this 'SQLAlchemy' instance."
    else:  # Flask-SQLAlchemy 2 reads its settings from the current app's configuration
        error = "E       KeyError: 'SQLALCHEMY_TRACK_MODIFICATIONS'"
    assert any(line.startswith(error) for line in result.stdout.lines), result.stdout.str()


def test_a_test_that_builds_the_application_as_functions_framework_does_passes(reader, snippet):
    folder = snippet("fix-layers/cloud_function/main.py").parent
    result = reader.pytest(folder, snippet("fix-layers/cloud_function/test_main.py").name)
    result.assert_outcomes(passed=1)


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
        obj.name  # what getattr(obj, "name") reads
