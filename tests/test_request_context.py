"""Working outside of request context: why an application context is not enough, a test request
context, a Flask-WTF form in a command, threads that need the request, and streamed responses."""

import http.client
import logging
import re
import sys
import threading
import urllib.request

import pytest
from flask import (
    Flask,
    Response,
    copy_current_request_context,
    current_app,
    jsonify,
    request,
    session,
    stream_with_context,
)
from werkzeug.exceptions import ClientDisconnected
from werkzeug.serving import make_server

from harness.apps import app_with, get_and_join_threads, threads_joined
from harness.flask_lines import (
    APP_CONTEXT_ERROR,
    FLASK_VERSION,
    REQUEST_CONTEXT_ERROR,
    REQUEST_CONTEXT_ERROR_TEXTS,
    REQUEST_ERROR_IN_APP_CONTEXT,
    first_line,
    for_this_flask,
)
from harness.recordings import assert_recorded
from harness.servers import gunicorn_command, wait_for

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


def test_an_app_context_is_not_enough_for_request(reader, request_error_text):
    result = reader.python("request-context/request_context_broken.py")
    assert result.returncode == 1
    assert "    return request.args.get(\"page\", 1, type=int)\n" in result.stderr
    assert_recorded("request", result.stderr)
    if FLASK_VERSION >= (3, 2):  # one context, which says it carries no request
        assert result.stderr.endswith("\nRuntimeError: There is no request in this context.\n")
    else:
        assert result.stderr.endswith(request_error_text)
    assert REQUEST_ERROR_IN_APP_CONTEXT in result.stderr.splitlines()


def test_helper_that_takes_values_runs_in_a_script_and_in_the_view(reader):
    result = reader.python("request-context/request_context_pass_data.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "{'query': 'flask', 'page': 2}\n"
    client = app_with("request_context_pass_data").test_client()
    assert client.get("/search?q=flask&page=3").json == {"query": "flask", "page": 3}


def test_test_request_context_gives_the_helper_a_request(reader):
    result = reader.python("request-context/request_context_test_request.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2\n"


def test_test_request_context_pushes_an_app_context_too():
    app = Flask("shop")
    with app.test_request_context("/articles?page=2"):
        assert current_app.name == "shop"
        assert request.args["page"] == "2"


# -- A thread that needs the request ---------------------------------------------------------


def test_thread_with_only_an_app_context_cannot_read_the_request(thread_errors):
    client = app_with("request_copy_context_broken").test_client()
    response = get_and_join_threads(client, "/hello", headers={"User-Agent": "Firefox/140"})
    assert response.data == b"hello"  # the view itself succeeds
    assert [first_line(error.exc_value) for error in thread_errors] == [REQUEST_ERROR_IN_APP_CONTEXT]


def test_copied_request_context_gives_the_thread_the_request(thread_errors, caplog):
    caplog.set_level(logging.INFO, logger="shop")
    client = app_with("request_copy_context").test_client()
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
    client = app_with("request_stream_broken").test_client()
    response = client.get("/squares.csv?rows=2")
    assert response.status_code == 200  # the view returned normally
    chunks = iter(response.response)  # the body is generated now, after the request ended
    assert next(chunks) == b"n,square\n"
    with pytest.raises(RuntimeError) as raised:
        next(chunks)
    assert first_line(raised.value) == REQUEST_CONTEXT_ERROR


def test_a_server_logs_the_error_of_a_streamed_generator_after_the_view_returned(real_server, caplog):
    """Served for real, the body is generated once the view has returned: the response starts,
    then stops short, and Werkzeug's development server logs the error with its traceback."""
    caplog.set_level(logging.INFO, logger="werkzeug")
    connection = http.client.HTTPConnection(*real_server(app_with("request_stream_broken")), timeout=10)
    try:
        connection.request("GET", "/squares.csv?rows=2")
        response = connection.getresponse()
        assert response.status == 200
        try:
            body = response.read()
        except http.client.IncompleteRead as cut_short:  # chunked: the last chunk never came
            body = cut_short.partial
    finally:
        connection.close()
    assert body == b"n,square\n"
    errors = wait_for(lambda: [r.getMessage() for r in caplog.records if "Error on request" in r.getMessage()])
    assert REQUEST_CONTEXT_ERROR in errors[0].splitlines()
    assert "in generate\n" in errors[0]
    assert_recorded("stream", errors[0])


def test_a_generator_that_fails_before_its_first_yield_gets_a_500(real_server, caplog):
    """The server sends the status and headers with the generator's first piece: an error
    before it is still a 500 (the page says the snippet gets 200 because it yields first)."""
    caplog.set_level(logging.INFO, logger="werkzeug")
    app = Flask("shop")

    @app.get("/rows")
    def rows():
        def generate():
            yield from (f"{n}\n" for n in range(request.args.get("rows", 3, type=int)))

        return Response(generate())

    connection = http.client.HTTPConnection(*real_server(app), timeout=10)
    try:
        connection.request("GET", "/rows")
        response = connection.getresponse()
        assert response.status == 500
        response.read()
    finally:
        connection.close()
    errors = wait_for(lambda: [r.getMessage() for r in caplog.records if "Error on request" in r.getMessage()])
    assert REQUEST_CONTEXT_ERROR in errors[0].splitlines()


def test_stream_with_context_keeps_the_request_while_streaming():
    client = app_with("request_stream_fixed").test_client()
    response = client.get("/squares.csv?rows=3")
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    assert response.get_data(as_text=True) == "n,square\n0,0\n1,1\n2,4\n"


@pytest.mark.parametrize("reads", [
    lambda: current_app.name,
    lambda: jsonify(name=current_app.name).get_data(as_text=True),  # jsonify() reads current_app too
], ids=["current_app", "jsonify"])
def test_generator_reading_current_app_needs_stream_with_context_too(reads):
    app = Flask("shop")
    app.testing = True

    def generate():
        yield reads()

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
    assert b"shop" in client.get("/wrapped").data


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
    app = app_with("request_copy_body_broken")
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
    client = app_with("request_copy_body_broken").test_client()
    with threads_joined():
        assert client.post("/uploads", data=BODY).status_code == 202
        late_store.set()  # the thread reads the body after the response, as above
    assert thread_errors == []
    assert [r.getMessage() for r in caplog.records if r.name == "shop"] == ["stored 1000000 bytes from 127.0.0.1"]


def test_the_body_read_in_the_view_reaches_the_thread(real_server, late_store, thread_errors, caplog):
    caplog.set_level(logging.INFO, logger="shop")
    app = app_with("request_copy_body")
    assert upload(real_server(app), late_store, caplog) == 202
    stored = wait_for(lambda: [r.getMessage() for r in caplog.records if r.getMessage().startswith("stored")])
    assert stored == ["stored 1000000 bytes from 127.0.0.1"]
    assert thread_errors == []


def test_an_uploaded_file_is_closed_when_the_request_ends(thread_errors):
    """The page's exception to "the request keeps what it read": Flask closes the request's files."""
    import io

    app = Flask("shop")
    response_sent = threading.Event()

    @app.post("/photos")
    def photos():
        assert "photo" in request.files  # the body read in the view, as the page advises

        @copy_current_request_context
        def store():
            response_sent.wait(10)
            request.files["photo"].read()

        threading.Thread(target=store).start()
        return "", 202

    with threads_joined():
        response = app.test_client().post("/photos", data={"photo": (io.BytesIO(b"x" * 1000), "a.jpg")})
        assert response.status_code == 202
        response_sent.set()
    [error] = [args.exc_value for args in thread_errors]
    assert first_line(error) == "ValueError: I/O operation on closed file."


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
    with threads_joined():
        client.get("/")
        response_sent.set()
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
    first_started, second_read, first_ended = threading.Event(), threading.Event(), threading.Event()
    done, torn_down = [], []

    @app.teardown_request
    @app.teardown_appcontext
    def record(_error):
        torn_down.append(threading.current_thread().name)

    @app.get("/")
    def index():
        @copy_current_request_context
        def work(first):
            # Two runs that overlap: the second reads the request while the first still runs,
            # and the first ends first.
            if first:
                first_started.set()
                second_read.wait(10)
                done.append(f"first read {request.path}")
            else:
                try:
                    done.append(f"second read {request.path}")
                finally:
                    second_read.set()
                first_ended.wait(10)

        first = threading.Thread(target=work, args=(True,), name="first")
        second = threading.Thread(target=work, args=(False,), name="second")
        first.start()
        first_started.wait(10)  # the first run has entered the copied context before the second
        second.start()
        first.join(10)
        first_ended.set()
        second.join(10)
        return ""

    app.test_client().get("/")
    errors = [args.exc_value for args in thread_errors]
    assert len(errors) == len(TWICE_ERRORS)
    for error, pattern in zip(errors, TWICE_ERRORS):
        assert re.fullmatch(pattern, first_line(error)), first_line(error)
    if FLASK_VERSION >= (3, 2):  # the second run never had the context, the first ran to its end
        assert done == ["first read /"]
        assert first_line(errors[0].__context__) == "RuntimeError: Working outside of request context."
        assert "first" not in torn_down  # but its context was never popped: no teardown for it
    else:  # the work ran; leaving the copied context failed
        assert done == ["second read /", "first read /"]


# -- A Flask-WTF form in a command -----------------------------------------------------------


def test_a_flask_wtf_form_in_a_command_needs_a_request_for_csrf():
    """What sends a reader to a test request context: a command's app context has no request."""
    from request_form_command_broken import SignupForm, app

    with app.app_context():
        with pytest.raises(RuntimeError) as raised:
            SignupForm(data={"name": "ada"})
    assert first_line(raised.value) == REQUEST_ERROR_IN_APP_CONTEXT


def test_in_a_test_request_the_form_refuses_every_row(reader):
    result = reader.flask("request_form_command_broken", "check-names", "ada", "")
    assert result.returncode == 0, result.stderr
    valid, empty = result.stdout.splitlines()
    assert valid == "ada: False {'csrf_token': ['The CSRF token is missing.']}"
    assert empty.startswith(": False {")
    assert "'csrf_token': ['The CSRF token is missing.']" in empty
    assert "'name': ['This field is required.']" in empty


def test_without_csrf_for_this_form_the_command_validates_each_row(reader):
    result = reader.flask("request_form_command_fixed", "check-names", "ada", "")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "ada: True {}",
        ": False {'name': ['This field is required.']}",
    ]


def test_the_apps_views_still_check_the_csrf_token():
    from request_form_command_fixed import SignupForm, app

    with app.test_request_context("/signup", method="POST", data={"name": "ada"}):
        form = SignupForm()
        assert not form.validate()
        assert form.errors == {"csrf_token": ["The CSRF token is missing."]}


# Views that stream by yielding a response (send_file(), jsonify()) with the context kept, as
# `gunicorn pictures:app` serves them.
PICTURES = """\
import io

from flask import Flask, Response, jsonify, send_file, stream_with_context

app = Flask(__name__)


@app.get("/pictures")
def pictures():
    def generate():
        for data in (b"one", b"two"):
            yield send_file(io.BytesIO(data), mimetype="image/jpeg")

    return Response(stream_with_context(generate()))


@app.get("/numbers")
def numbers():
    def generate():
        yield "numbers\\n"
        yield jsonify(n=1)

    return Response(stream_with_context(generate()))
"""


@pytest.fixture
def pictures(tmp_path, monkeypatch):
    """The module PICTURES, as pictures.py in the test's folder: imported, and there for gunicorn."""
    import importlib

    (tmp_path / "pictures.py").write_text(PICTURES, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "pictures", raising=False)
    module = importlib.import_module("pictures")
    monkeypatch.setitem(sys.modules, "pictures", module)  # and forgotten at the end of the test
    return module


def test_a_streamed_generator_cannot_yield_a_response_in_the_test_client(pictures):
    for path, place in (("/pictures", 0), ("/numbers", 1)):  # /numbers yields a line first
        response = pictures.app.test_client().get(path)
        assert response.status_code == 200  # a test that checks the status alone passes
        with pytest.raises(TypeError, match=rf"^sequence item {place}: expected a bytes-like object, Response found$"):
            response.get_data()


def test_a_streamed_generator_cannot_yield_a_response_under_the_development_server(pictures, real_server, caplog):
    caplog.set_level(logging.INFO, logger="werkzeug")
    connection = http.client.HTTPConnection(*real_server(pictures.app), timeout=10)
    try:
        connection.request("GET", "/pictures")
        response = connection.getresponse()
        assert response.status == 200  # the response started; its body stops short
        try:
            response.read()
        except http.client.IncompleteRead:
            pass
    finally:
        connection.close()
    errors = wait_for(lambda: [r.getMessage() for r in caplog.records if "Error on request" in r.getMessage()])
    assert errors[0].splitlines()[-1] == "AssertionError: applications must write bytes"


def test_a_streamed_generator_cannot_yield_a_response_under_gunicorn(reader, pictures):
    with reader.serve(gunicorn_command(app="pictures:app"), log="gunicorn.log") as server:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{server.port}/pictures", timeout=10).read()
        except http.client.IncompleteRead:
            pass
        server.wait_for("TypeError: <Response streamed [200 OK]> is not a byte\n")
