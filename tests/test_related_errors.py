"""Related errors and situations: the request-context error, threads that need the request,
streamed responses, url_for and render_template outside a request, thread pools, async views,
and start-up code after before_first_request."""

import asyncio
import contextvars
import http.client
import importlib
import logging
import re
import sqlite3
import threading

import pytest
from flask import (
    Flask,
    Response,
    copy_current_request_context,
    current_app,
    request,
    session,
    stream_with_context,
    url_for,
)

from support import (
    APP_CONTEXT_ERROR,
    DATABASE_CONTEXT_ERROR,
    FLASK_SQLALCHEMY_VERSION,
    FLASK_VERSION,
    REQUEST_CONTEXT_ERROR,
    REQUEST_CONTEXT_ERROR_TEXTS,
    REQUEST_ERROR_IN_APP_CONTEXT,
    assert_recorded,
    first_line,
    for_this_flask,
    wait_for,
)
from werkzeug.exceptions import ClientDisconnected
from werkzeug.serving import make_server

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


def app_with(name, **config):
    """A fresh app with the blueprint of snippet `name` registered (the views need no database)."""
    module = importlib.import_module(name)
    app = Flask("shop")
    app.config.update(TESTING=True, **config)
    app.register_blueprint(module.bp)
    return app


def get_and_join_threads(client, *args, **kwargs):
    """Make a request, then wait for the threads it started."""
    before = set(threading.enumerate())
    response = client.get(*args, **kwargs)
    for thread in set(threading.enumerate()) - before:
        thread.join(timeout=10)
        assert not thread.is_alive()
    return response


# -- Working outside of request context ------------------------------------------------------


@pytest.mark.parametrize("name", REQUEST_CONTEXT_ERROR_TEXTS.values())
def test_request_context_error_text_is_what_flask_raises(snippet, name):
    text = snippet(name).read_text(encoding="utf-8")
    assert text.splitlines()[0] == REQUEST_CONTEXT_ERROR  # the first line never changed
    if for_this_flask(REQUEST_CONTEXT_ERROR_TEXTS) != name:
        pytest.skip(f"{name} is the wording of other Flask lines; the version matrix runs it there")
    with pytest.raises(RuntimeError) as raised:
        request.args
    assert f"RuntimeError: {raised.value}\n" == text


def test_an_app_context_is_not_enough_for_request(run_python, request_error_text):
    result = run_python("related-errors/related_request_context_broken.py")
    assert result.returncode == 1
    assert "    return request.args.get(\"page\", 1, type=int)\n" in result.stderr
    assert_recorded("request", result.stderr)
    if FLASK_VERSION >= (3, 2):  # one context, which says it carries no request
        assert result.stderr.endswith("\nRuntimeError: There is no request in this context.\n")
    else:
        assert result.stderr.endswith(request_error_text)
    assert REQUEST_ERROR_IN_APP_CONTEXT in result.stderr.splitlines()


def test_helper_that_takes_values_runs_in_a_script_and_in_the_view(run_python):
    result = run_python("related-errors/related_request_context_pass_data.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "{'query': 'flask', 'page': 2}\n"
    client = app_with("related_request_context_pass_data").test_client()
    assert client.get("/search?q=flask&page=3").json == {"query": "flask", "page": 3}


def test_test_request_context_gives_the_helper_a_request(run_python):
    result = run_python("related-errors/related_request_context_test_request.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2\n"


def test_test_request_context_pushes_an_app_context_too():
    app = Flask("shop")
    with app.test_request_context("/articles?page=2"):
        assert current_app.name == "shop"
        assert request.args["page"] == "2"


# -- A thread that needs the request ---------------------------------------------------------


def test_thread_with_only_an_app_context_cannot_read_the_request(thread_errors):
    client = app_with("related_copy_request_context_broken").test_client()
    response = get_and_join_threads(client, "/hello", headers={"User-Agent": "Firefox/140"})
    assert response.data == b"hello"  # the view itself succeeds
    assert [first_line(error.exc_value) for error in thread_errors] == [REQUEST_ERROR_IN_APP_CONTEXT]


def test_copied_request_context_gives_the_thread_the_request(thread_errors, caplog):
    caplog.set_level(logging.INFO, logger="shop")
    client = app_with("related_copy_request_context").test_client()
    response = get_and_join_threads(client, "/hello", headers={"User-Agent": "Firefox/140"})
    assert response.data == b"hello"
    assert thread_errors == []
    assert [record.getMessage() for record in caplog.records] == ["visit from Firefox/140"]
    assert [record.threadName for record in caplog.records] != [threading.current_thread().name]


def test_session_in_a_thread_needs_the_request_context_too(thread_errors):
    app = Flask("shop")
    app.secret_key = "test"
    seen = []

    @app.get("/")
    def index():
        session["cart"] = 3

        def with_app_context_only(app):
            with app.app_context():
                seen.append(session.get("cart"))

        @copy_current_request_context
        def with_copied_request_context():
            seen.append(session.get("cart"))

        threading.Thread(target=with_app_context_only, args=(app,)).start()
        threading.Thread(target=with_copied_request_context).start()
        return ""

    get_and_join_threads(app.test_client(), "/")
    assert seen == [3]
    assert [first_line(error.exc_value) for error in thread_errors] == [REQUEST_ERROR_IN_APP_CONTEXT]


def test_copy_current_request_context_needs_an_active_request():
    with pytest.raises(RuntimeError, match="can only be used when a request context is active"):
        copy_current_request_context(print)
    with Flask("shop").app_context():
        if FLASK_VERSION >= (3, 2):  # it only checks that a context is active
            copied = copy_current_request_context(lambda: request.args)
            with pytest.raises(RuntimeError) as raised:
                copied()
            assert first_line(raised.value) == REQUEST_ERROR_IN_APP_CONTEXT
        else:
            with pytest.raises(RuntimeError, match="can only be used when a request context is active"):
                copy_current_request_context(print)


# -- Streamed responses ----------------------------------------------------------------------


def test_generator_reading_request_fails_while_streaming():
    client = app_with("related_stream_broken").test_client()
    response = client.get("/squares.csv?rows=2")
    assert response.status_code == 200  # the view returned normally
    chunks = iter(response.response)  # the body is generated now, after the request ended
    assert next(chunks) == b"n,square\n"
    with pytest.raises(RuntimeError) as raised:
        next(chunks)
    assert first_line(raised.value) == REQUEST_CONTEXT_ERROR


def test_stream_with_context_keeps_the_request_while_streaming():
    client = app_with("related_stream_fixed").test_client()
    response = client.get("/squares.csv?rows=3")
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    assert response.get_data(as_text=True) == "n,square\n0,0\n1,1\n2,4\n"


def test_generator_reading_current_app_needs_stream_with_context_too():
    app = Flask("shop")
    app.testing = True

    def generate():
        yield current_app.name

    @app.get("/plain")
    def plain():
        return Response(generate())

    @app.get("/wrapped")
    def wrapped():
        return Response(stream_with_context(generate()))

    client = app.test_client()
    with pytest.raises(RuntimeError) as raised:
        client.get("/plain").get_data()
    assert first_line(raised.value) == APP_CONTEXT_ERROR
    assert client.get("/wrapped").data == b"shop"


def test_values_read_in_the_view_need_no_context_in_the_generator():
    app = Flask("shop")

    @app.get("/squares.csv")
    def squares_csv():
        rows = request.args.get("rows", 3, type=int)  # read before returning

        def generate():
            yield "n,square\n"
            yield from (f"{n},{n * n}\n" for n in range(rows))

        return Response(generate(), mimetype="text/csv")

    response = app.test_client().get("/squares.csv?rows=2")
    assert response.get_data(as_text=True) == "n,square\n0,0\n1,1\n"


# -- url_for outside a request ---------------------------------------------------------------


def test_url_for_without_any_context(run_python, error_text):
    result = run_python("related-errors/related_url_for_broken.py")
    assert result.returncode == 1
    if FLASK_VERSION < (2, 2):
        assert result.stderr.splitlines()[-1] == OLD_URL_FOR_NO_CONTEXT
    else:
        assert APP_CONTEXT_ERROR in result.stderr.splitlines()
        assert result.stderr.endswith(error_text)


def test_url_for_in_an_app_context_without_server_name(run_python, snippet):
    text = snippet("related-errors/related_url_for_server_name_error.txt").read_text(encoding="utf-8")
    assert text == SERVER_NAME_ERROR + "\n"
    result = run_python("related-errors/related_url_for_no_server_name.py")
    assert result.returncode == 1
    assert_recorded("server_name", result.stderr)
    if FLASK_VERSION < (2, 2):
        assert result.stderr.splitlines()[-1] == OLD_SERVER_NAME_ERROR
    else:
        assert result.stderr.endswith(text)


def test_url_for_with_server_name_builds_full_urls(run_python):
    result = run_python("related-errors/related_url_for_server_name.py")
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
    else:
        with pytest.warns(UserWarning, match="doesn't match configured server name"):
            assert client.get("/reset/x", base_url="http://localhost").status_code == 404


def test_url_for_in_a_test_request_context(run_python):
    result = run_python("related-errors/related_url_for_test_request.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "https://example.com/reset/abc123\n"


def test_url_for_in_a_test_request_gives_a_path_by_default():
    from related_url_for_app import app

    with app.test_request_context(base_url="https://example.com"):
        assert url_for("reset_password", token="abc123") == "/reset/abc123"


# -- render_template in a task or script -----------------------------------------------------


def test_render_template_without_a_context(run_python, snippet, error_text):
    snippet("related-errors/templates/related_welcome.txt")
    result = run_python("related-errors/related_render_template_broken.py")
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


def test_render_template_in_an_app_context(run_python, snippet):
    snippet("related-errors/templates/related_welcome.txt")
    result = run_python("related-errors/related_render_template_fixed.py")
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
        with pytest.warns(Warning, match="SQLALCHEMY_TRACK_MODIFICATIONS adds significant"):
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


# -- copy_current_request_context: what the copy cannot do -----------------------------------

BODY = b"x" * 1_000_000  # more than the server reads ahead


@pytest.fixture
def real_server():
    """serve(app) -> base URL of Werkzeug's development server (threaded), on a free port."""
    servers = []

    def serve(app):
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return ("127.0.0.1", server.server_port)

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def late_store(monkeypatch):
    """Start the snippets' `store` threads only once the test has its response, as a busy
    machine may; return the event that lets them go."""
    response_received = threading.Event()
    response_received.handlers = []

    class LateThread(threading.Thread):
        def run(self):
            name = getattr(getattr(self, "_target", None), "__name__", "")
            if name == "store":
                response_received.wait(10)
            elif name == "process_request_thread":
                response_received.handlers.append(self)
            super().run()

    monkeypatch.setattr(threading, "Thread", LateThread)
    return response_received


def upload(address, late_store, caplog):
    """POST the body; return the status the server answered with (from its own log: the server
    may answer and close before the client has sent the whole body, which the client then sees
    as a broken pipe), once the server is done with the connection."""
    caplog.set_level(logging.INFO, logger="werkzeug")
    connection = http.client.HTTPConnection(*address, timeout=10)
    try:
        connection.request("POST", "/uploads", body=BODY)
        connection.getresponse().read()
    except (BrokenPipeError, ConnectionResetError):
        pass  # the answer came before the body was read: the situation the page describes
    finally:
        connection.close()
    for handler in late_store.handlers:  # the server's thread for the request
        handler.join(10)
    late_store.set()
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", r.getMessage()) for r in caplog.records if r.name == "werkzeug"]
    [status] = [int(m[1]) for line in lines if (m := re.search(r'"POST /uploads HTTP/1.1" (\d+)', line))]
    return status


def test_a_thread_that_reads_the_body_after_the_response_fails(real_server, late_store, thread_errors, caplog):
    caplog.set_level(logging.INFO, logger="shop")
    app = app_with("related_copy_request_body_broken")
    assert upload(real_server(app), late_store, caplog) == 202
    wait_for(lambda: thread_errors or [r for r in caplog.records if r.name == "shop"], timeout=10)
    [error] = [args.exc_value for args in thread_errors]
    assert isinstance(error, ClientDisconnected)  # the connection is closed: the body is gone
    assert first_line(error) == (
        "ClientDisconnected: 400 Bad Request: The browser (or proxy) sent a request that this"
        " server could not understand."
    )
    assert not [r for r in caplog.records if r.getMessage().startswith("stored")]


def test_the_test_client_keeps_the_body_readable_and_hides_the_problem(late_store, thread_errors, caplog):
    caplog.set_level(logging.INFO, logger="shop")
    client = app_with("related_copy_request_body_broken").test_client()
    before = set(threading.enumerate())
    assert client.post("/uploads", data=BODY).status_code == 202
    late_store.set()  # the thread reads the body after the response, as above
    for thread in set(threading.enumerate()) - before:
        thread.join(10)
    assert thread_errors == []
    assert [r.getMessage() for r in caplog.records if r.name == "shop"] == ["stored 1000000 bytes from 127.0.0.1"]


def test_the_body_read_in_the_view_reaches_the_thread(real_server, late_store, thread_errors, caplog):
    caplog.set_level(logging.INFO, logger="shop")
    app = app_with("related_copy_request_body")
    assert upload(real_server(app), late_store, caplog) == 202
    stored = wait_for(lambda: [r.getMessage() for r in caplog.records if r.getMessage().startswith("stored")])
    assert stored == ["stored 1000000 bytes from 127.0.0.1"]
    assert thread_errors == []


def test_a_session_change_in_the_thread_is_lost(thread_errors):
    app = Flask("shop")
    app.secret_key = "test"
    response_sent = threading.Event()

    @app.get("/")
    def index():
        @copy_current_request_context
        def remember():
            response_sent.wait(10)
            session["seen"] = True  # the Set-Cookie header is already written

        threading.Thread(target=remember).start()
        return ""

    @app.get("/seen")
    def seen():
        return {"seen": session.get("seen", False)}

    client = app.test_client()
    before = set(threading.enumerate())
    client.get("/")
    response_sent.set()
    for thread in set(threading.enumerate()) - before:
        thread.join(10)
    assert thread_errors == []  # no error: the change is simply lost
    assert client.get("/seen").json == {"seen": False}


# What running one decorated function in two threads at once raises, as each line words it.
if FLASK_VERSION >= (3, 2):
    TWICE_ERRORS = [r"RuntimeError: Cannot pop this context \(<AppContext .*>\), there is no active context\."]
elif FLASK_VERSION >= (2, 2):
    TWICE_ERRORS = [
        r"ValueError: <Token var=<ContextVar name='flask.request_ctx' at 0x[0-9a-f]+> at 0x[0-9a-f]+>"
        r" was created in a different Context"
    ] * 2
else:
    TWICE_ERRORS = [
        r"AssertionError: Popped wrong app context\.  \(<flask\.ctx\.AppContext object at 0x[0-9a-f]+>"
        r" instead of <flask\.ctx\.AppContext object at 0x[0-9a-f]+>\)"
    ] * 2


def test_one_copied_request_context_cannot_run_in_two_threads_at_once(thread_errors):
    app = Flask("shop")
    first_started, second_started, first_ended = threading.Event(), threading.Event(), threading.Event()
    done = []

    @app.get("/")
    def index():
        @copy_current_request_context
        def work(first):
            # Two runs that overlap, and the first one to start ends first.
            if first:
                first_started.set()
                second_started.wait(10)
            else:
                second_started.set()
                first_ended.wait(10)
            done.append("first" if first else "second")

        first = threading.Thread(target=work, args=(True,))
        second = threading.Thread(target=work, args=(False,))
        first.start()
        first_started.wait(10)  # the first run has entered the copied context before the second
        second.start()
        first.join(10)
        first_ended.set()
        second.join(10)
        return ""

    app.test_client().get("/")
    assert done == ["first", "second"]  # the work ran; leaving the copied context failed
    assert len(thread_errors) == len(TWICE_ERRORS)
    for error, pattern in zip((args.exc_value for args in thread_errors), TWICE_ERRORS):
        assert re.fullmatch(pattern, first_line(error)), first_line(error)


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


def test_the_task_in_a_thread_of_its_own_completes(caplog):
    caplog.set_level(logging.INFO, logger="shop")
    client = app_with("related_async_task_fixed").test_client()
    before = set(threading.enumerate())
    assert client.post("/signup/ada").status_code == 202
    for thread in set(threading.enumerate()) - before:
        thread.join(10)
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


def test_a_flask_wtf_form_in_a_command_needs_a_request_for_csrf():
    """What sends a reader to a test request context: a command's app context has no request."""
    from related_form_command_broken import SignupForm, app

    with app.app_context():
        with pytest.raises(RuntimeError) as raised:
            SignupForm(data={"name": "ada"})
    assert first_line(raised.value) == REQUEST_ERROR_IN_APP_CONTEXT


def test_in_a_test_request_the_form_refuses_every_row():
    from related_form_command_broken import app

    result = app.test_cli_runner().invoke(args=["check-names", "ada", ""])
    assert result.exit_code == 0, result.output
    valid, empty = result.output.splitlines()
    assert valid == "ada: False {'csrf_token': ['The CSRF token is missing.']}"
    assert empty.startswith(": False {")
    assert "'csrf_token': ['The CSRF token is missing.']" in empty
    assert "'name': ['This field is required.']" in empty


def test_without_csrf_for_this_form_the_command_validates_each_row():
    from related_form_command_fixed import app

    result = app.test_cli_runner().invoke(args=["check-names", "ada", ""])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "ada: True {}",
        ": False {'name': ['This field is required.']}",
    ]


def test_the_apps_views_still_check_the_csrf_token():
    from related_form_command_fixed import SignupForm, app

    with app.test_request_context("/signup", method="POST", data={"name": "ada"}):
        form = SignupForm()
        assert not form.validate()
        assert form.errors == {"csrf_token": ["The CSRF token is missing."]}
