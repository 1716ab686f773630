"""Related errors and situations: url_for and render_template outside a request, thread pools,
async views, and start-up code after before_first_request."""

import asyncio
import contextvars
import json
import logging
import sqlite3
import threading

import pytest
from flask import (
    Flask,
    request,
    url_for,
)

from harness.apps import app_with, threads_joined
from harness.flask_lines import (
    APP_CONTEXT_ERROR,
    DATABASE_CONTEXT_ERROR,
    FLASK_SQLALCHEMY_VERSION,
    FLASK_VERSION,
    TRACK_MODIFICATIONS_WARNING,
    first_line,
)
from harness.recordings import assert_recorded

SERVER_NAME_ERROR = (
    "RuntimeError: Unable to build URLs outside an active request without 'SERVER_NAME'"
    " configured. Also configure 'APPLICATION_ROOT' and 'PREFERRED_URL_SCHEME' as needed."
)
# What Flask 2.0 and 2.1 raise instead, for the same mistakes.
OLD_URL_FOR_NO_CONTEXT = (
    "RuntimeError: Attempted to generate a URL without the application context being pushed."
    " This has to be executed when application context is available."
)
OLD_SERVER_NAME_ERROR = (
    "RuntimeError: Application was not able to create a URL adapter for request independent"
    " URL generation. You might be able to fix this by setting the SERVER_NAME config variable."
)


# -- url_for outside a request ---------------------------------------------------------------


def test_url_for_without_any_context(reader, error_text):
    result = reader.python("related-errors/related_url_for_broken.py")
    assert result.returncode == 1
    if FLASK_VERSION < (2, 2):
        assert result.stderr.splitlines()[-1] == OLD_URL_FOR_NO_CONTEXT
    else:
        assert APP_CONTEXT_ERROR in result.stderr.splitlines()
        assert result.stderr.endswith(error_text)
    assert_recorded("url_for", result.stderr)


def test_url_for_in_an_app_context_without_server_name(reader, snippet):
    text = snippet("related-errors/related_url_for_server_name_error.txt").read_text(encoding="utf-8")
    assert text == SERVER_NAME_ERROR + "\n"
    result = reader.python("related-errors/related_url_for_no_server_name.py")
    assert result.returncode == 1
    assert_recorded("server_name", result.stderr)
    if FLASK_VERSION < (2, 2):
        assert result.stderr.splitlines()[-1] == OLD_SERVER_NAME_ERROR
    else:
        assert result.stderr.endswith(text)


# A library that calls url_for() itself: Flask-RESTX's specification of the API reads the API's
# base path with it. Outside a request Flask-RESTX logs the error and returns an error instead.
EXPORT_SPEC = "import json\n\nfrom orders_api import api\n\nprint(json.dumps(api.__schema__))\n"
NO_SCHEMA = '{"error": "Unable to render schema"}\n'


def test_a_library_that_calls_url_for_in_a_script_gets_its_path_from_a_test_request_context(reader):
    """The section: with no context, then in a bare application context, Flask-RESTX's url_for()
    fails as the reader's own would, logged under "Unable to render schema"; in a test request
    context the specification gets its base path."""
    reader.snippet("fix-shared-code/orders_api.py")
    result = reader.script("export_spec.py", EXPORT_SPEC)
    assert (result.returncode, result.stdout) == (0, NO_SCHEMA)
    assert result.stderr.startswith("Unable to render schema\nTraceback (most recent call last):\n")
    assert "flask_restx/api.py" in result.stderr
    if FLASK_VERSION < (2, 2):
        assert result.stderr.splitlines()[-1] == OLD_URL_FOR_NO_CONTEXT
    else:
        assert APP_CONTEXT_ERROR in result.stderr.splitlines()
    assert_recorded("url_for_library", result.stderr, project=[reader.folder])

    in_context = EXPORT_SPEC.replace("import api", "import api, app").replace("print(", "with {}:\n    print(")
    result = reader.code(in_context.format("app.app_context()"))
    assert (result.returncode, result.stdout) == (0, NO_SCHEMA)
    assert result.stderr.splitlines()[-1] == (OLD_SERVER_NAME_ERROR if FLASK_VERSION < (2, 2) else SERVER_NAME_ERROR)
    result = reader.code(in_context.format("app.test_request_context()"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["basePath"] == "/"
    # SERVER_NAME set: Flask-RESTX asks url_for() for a path (_external=False), and gets one
    named = in_context.replace("with {}:", 'app.config["SERVER_NAME"] = "shop.example"\nwith {}:')
    result = reader.code(named.format("app.app_context()"))
    assert result.returncode == 0, result.stderr
    specification = json.loads(result.stdout)
    assert (specification["basePath"], specification["host"]) == ("/", "shop.example")


def test_flask_restx_keeps_its_failed_specification_until_the_process_ends(reader):
    """The section: once a read has failed, swagger.json answers 500, in a request too."""
    reader.snippet("fix-shared-code/orders_api.py")
    module = reader.load("orders_api")  # imported anew: its API has not written a specification
    assert module.api.__schema__ == {"error": "Unable to render schema"}
    response = module.app.test_client().get("/swagger.json")
    assert (response.status_code, response.json) == (500, {"error": "Unable to render schema"})
    with module.app.test_request_context():
        assert module.api.__schema__ == {"error": "Unable to render schema"}


def test_url_for_with_server_name_builds_full_urls(reader):
    result = reader.python("related-errors/related_url_for_server_name.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "https://example.com/reset/abc123\n"


@pytest.fixture
def links_app(monkeypatch):
    """The app of the url_for scripts, configured as related_url_for_server_name.py does."""
    from related_url_for_app import app

    monkeypatch.setitem(app.config, "SERVER_NAME", "example.com")
    monkeypatch.setitem(app.config, "PREFERRED_URL_SCHEME", "https")
    return app


def test_application_root_is_the_path_prefix(links_app, monkeypatch):
    monkeypatch.setitem(links_app.config, "APPLICATION_ROOT", "/shop")
    with links_app.app_context():
        assert url_for("reset_password", token="abc123") == "https://example.com/shop/reset/abc123"


def test_server_name_limits_the_hosts_served_before_flask_3_1(links_app):
    client = links_app.test_client()
    assert client.get("/reset/x", base_url="https://example.com").data == b"reset x"
    if FLASK_VERSION >= (3, 1):
        assert client.get("/reset/x", base_url="http://localhost").status_code == 200
        # except where the application matches subdomains: there SERVER_NAME still decides
        matching = Flask(__name__, subdomain_matching=True)
        matching.config["SERVER_NAME"] = "example.com"
        matching.add_url_rule("/", "home", lambda: "home")
        assert matching.test_client().get("/", base_url="http://example.com").status_code == 200
        with pytest.warns(UserWarning, match="doesn't match configured server name"):
            assert matching.test_client().get("/", base_url="http://localhost").status_code == 404
    else:
        with pytest.warns(UserWarning, match="doesn't match configured server name"):
            assert client.get("/reset/x", base_url="http://localhost").status_code == 404
        # the port is part of it: `flask run` serves on 5000, so "localhost" alone does not match
        development = Flask(__name__)
        development.config["SERVER_NAME"] = "localhost"
        development.add_url_rule("/", "home", lambda: "home")
        with pytest.warns(UserWarning, match="doesn't match configured server name"):
            assert development.test_client().get("/", base_url="http://localhost:5000").status_code == 404
        development.config["SERVER_NAME"] = "localhost:5000"
        assert development.test_client().get("/", base_url="http://localhost:5000").status_code == 200
        # behind a proxy that reaches the app at its own address: ProxyFix reads X-Forwarded-Host
        from werkzeug.middleware.proxy_fix import ProxyFix

        behind = Flask(__name__)
        behind.config["SERVER_NAME"] = "example.com"
        behind.add_url_rule("/", "home", lambda: "home")
        upstream = {"base_url": "http://127.0.0.1:8000", "headers": {"X-Forwarded-Host": "example.com"}}
        with pytest.warns(UserWarning, match="doesn't match configured server name"):
            assert behind.test_client().get("/", **upstream).status_code == 404
        behind.wsgi_app = ProxyFix(behind.wsgi_app, x_host=1)
        assert behind.test_client().get("/", **upstream).status_code == 200


def test_url_for_in_a_test_request_context(reader):
    result = reader.python("related-errors/related_url_for_test_request.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "https://example.com/reset/abc123\n"


def test_url_for_in_a_test_request_gives_a_path_by_default():
    from related_url_for_app import app

    with app.test_request_context(base_url="https://example.com"):
        assert url_for("reset_password", token="abc123") == "/reset/abc123"


# -- render_template in a task or script -----------------------------------------------------


def test_render_template_without_a_context(reader, snippet, error_text):
    snippet("related-errors/templates/related_welcome.txt")
    result = reader.python("related-errors/related_render_template_broken.py")
    assert result.returncode == 1
    last = result.stderr.splitlines()[-1]
    if FLASK_VERSION < (2, 1):
        assert last == "AttributeError: 'NoneType' object has no attribute 'app'"
    elif FLASK_VERSION < (2, 2):
        assert last == (
            "RuntimeError: This function can only be used when an application context is active."
        )
    else:
        assert APP_CONTEXT_ERROR in result.stderr.splitlines()
        assert result.stderr.endswith(error_text)


def test_render_template_in_an_app_context(reader, snippet):
    snippet("related-errors/templates/related_welcome.txt")
    result = reader.python("related-errors/related_render_template_fixed.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Hello Ada, welcome aboard!\n"


# -- Thread pools ----------------------------------------------------------------------------

MEDIA = {"MEDIA_URL": "https://media.example.com"}
THUMBNAILS = {
    "thumbnails": ["https://media.example.com/thumbs/a.png", "https://media.example.com/thumbs/b.png"]
}


def test_pool_thread_has_no_context():
    client = app_with("related_executor_broken", **MEDIA).test_client()
    with pytest.raises(RuntimeError) as raised:
        client.get("/gallery")  # future.result() re-raises the task's error in the view
    assert first_line(raised.value) == APP_CONTEXT_ERROR


def test_pool_task_error_read_in_the_view_fails_the_request(caplog):
    """Find your situation: where the view reads the result, the request fails (a 500), logged."""
    app = app_with("related_executor_broken", **MEDIA)
    app.testing = False  # as served: Flask answers 500 and logs the error
    client = app.test_client()
    assert client.get("/gallery").status_code == 500
    [record] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert record.getMessage() == "Exception on /gallery [GET]"
    assert first_line(record.exc_info[1]) == APP_CONTEXT_ERROR


@pytest.mark.parametrize("name", ["related_executor_fixed", "related_executor_copy_context"])
def test_pool_tasks_get_a_context(name):
    client = app_with(name, **MEDIA).test_client()
    assert client.get("/gallery").json == THUMBNAILS


def test_task_that_pushes_its_own_context_needs_no_request():
    from related_executor_fixed import executor, thumbnail_url

    app = Flask("shop")
    app.config.update(MEDIA)
    future = executor.submit(thumbnail_url, app, "c.png")  # no request, no context here
    assert future.result() == "https://media.example.com/thumbs/c.png"


def test_copied_context_is_torn_down_once_the_response_is_sent():
    app = Flask("shop")
    events = []
    copies = []
    app.teardown_appcontext(lambda error: events.append("teardown"))

    @app.get("/")
    def index():
        copies.append(contextvars.copy_context())
        return ""

    app.test_client().get("/")
    copies[0].run(events.append, "task")  # a task that runs after the view returned
    assert events == ["teardown", "task"]


def test_copied_context_carries_the_request_too():
    app = Flask("shop")
    with app.test_request_context("/gallery?size=small"):
        context = contextvars.copy_context()
    with pytest.raises(RuntimeError):
        request.args  # the request is over here...
    assert context.run(lambda: request.args["size"]) == "small"  # ...not in the copy


def test_one_context_copy_cannot_run_in_two_threads_at_once():
    context = contextvars.copy_context()
    entered, release = threading.Event(), threading.Event()

    def hold():
        entered.set()
        release.wait(10)

    thread = threading.Thread(target=context.run, args=(hold,))
    thread.start()
    try:
        assert entered.wait(10)
        with pytest.raises(RuntimeError, match="cannot enter context"):
            context.run(print)
    finally:
        release.set()
        thread.join()


# -- Async views -----------------------------------------------------------------------------


def test_run_in_executor_loses_the_context():
    client = app_with("related_async_broken", REPORT_TITLE="Monthly").test_client()
    with pytest.raises(RuntimeError) as raised:
        client.get("/report")
    assert first_line(raised.value) == APP_CONTEXT_ERROR


def test_to_thread_keeps_the_context():
    client = app_with("related_async_fixed", REPORT_TITLE="Monthly").test_client()
    assert client.get("/report").data == b"Monthly: 42 orders"


# -- Start-up code after before_first_request ------------------------------------------------


def test_before_first_request_is_gone_from_flask_2_3():
    app = Flask("shop")
    if FLASK_VERSION >= (2, 3):
        with pytest.raises(AttributeError, match="has no attribute 'before_first_request'"):
            app.before_first_request
    elif FLASK_VERSION >= (2, 2):
        with pytest.warns(DeprecationWarning, match="will be removed in Flask 2.3"):
            app.before_first_request(lambda: None)
    else:
        app.before_first_request(lambda: None)


def test_factory_creates_the_tables_in_a_context(monkeypatch, database_url, tmp_path):
    from related_init_factory import create_app as create_tag_app

    monkeypatch.setenv("DATABASE_URL", database_url)
    if FLASK_SQLALCHEMY_VERSION < (3, 0):  # 2.5 warns when this setting is left unset
        with pytest.warns(Warning, match=TRACK_MODIFICATIONS_WARNING):
            create_tag_app()
    else:
        create_tag_app()
    with sqlite3.connect(tmp_path / "app.db") as db:
        tables = db.execute("select name from sqlite_master where type = 'table'").fetchall()
    assert tables == [("tag",)]


def test_create_all_in_the_factory_without_a_context_fails():
    from related_init_factory import db

    with pytest.raises(RuntimeError) as raised:
        db.create_all()
    assert first_line(raised.value) == DATABASE_CONTEXT_ERROR


# -- Async views: a task from asyncio.create_task --------------------------------------------


def welcome_mails(caplog):
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("welcome mail")]


def test_a_task_started_in_an_async_view_is_cancelled(caplog, monkeypatch):
    caplog.set_level(logging.INFO, logger="shop")
    import related_async_task_broken as module

    cancelled = []
    real_send_welcome = module.send_welcome

    async def observed(name):
        try:
            await real_send_welcome(name)
        except asyncio.CancelledError:
            cancelled.append(name)
            raise

    monkeypatch.setattr(module, "send_welcome", observed)
    client = app_with("related_async_task_broken").test_client()
    assert client.post("/signup/ada").status_code == 202
    assert cancelled == ["ada"]  # by the time the response is back
    assert welcome_mails(caplog) == []


def test_served_through_wsgi_to_asgi_the_task_runs_on_the_servers_loop(caplog):
    """The page's exception: asgiref's WsgiToAsgi runs the async view on the ASGI server's event
    loop (here the test's), which goes on after the response: the same task finishes."""
    from asgiref.testing import ApplicationCommunicator
    from asgiref.wsgi import WsgiToAsgi

    caplog.set_level(logging.INFO, logger="shop")
    server = WsgiToAsgi(app_with("related_async_task_broken"))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/signup/ada", "raw_path": b"/signup/ada", "query_string": b"",
             "root_path": "", "headers": [(b"host", b"localhost")], "client": ("127.0.0.1", 50000),
             "server": ("localhost", 80)}

    async def serve():
        request = ApplicationCommunicator(server, scope)
        await request.send_input({"type": "http.request", "body": b"", "more_body": False})
        assert (await request.receive_output(5))["status"] == 202
        await request.receive_output(5)  # the body: the response is out
        for _ in range(50):  # the task sleeps 0.1 s, on this loop
            if welcome_mails(caplog):
                break
            await asyncio.sleep(0.1)

    asyncio.run(serve())
    assert welcome_mails(caplog) == ["welcome mail sent to ada"]


def test_the_task_in_a_thread_of_its_own_completes(caplog):
    caplog.set_level(logging.INFO, logger="shop")
    client = app_with("related_async_task_fixed").test_client()
    with threads_joined():
        assert client.post("/signup/ada").status_code == 202
    assert welcome_mails(caplog) == ["welcome mail sent to ada"]


def test_awaiting_the_work_in_the_view_completes_it(caplog):
    from related_async_task_broken import send_welcome

    caplog.set_level(logging.INFO, logger="shop")
    app = Flask("shop")

    @app.post("/signup/<name>")
    async def signup(name):
        await send_welcome(name)  # the response waits for it
        return "", 201

    assert app.test_client().post("/signup/ada").status_code == 201
    assert welcome_mails(caplog) == ["welcome mail sent to ada"]


