"""Library code that needs a request, run outside one: a logging formatter, Flask-Caching's
cached and memoize, a Flask-Babel locale selector, each guarded with has_request_context(), and
Flask-Babel's gettext at import, which never translates;
Flask-RESTX's serializer in a command, given a request to the public site; pybrake's Flask
notifier in a job, replaced there by a notifier that reads no request (its notices go to a real
HTTP server that the tests start, as Airbrake's would)."""

import importlib
import io
import json
import sys
import threading
import urllib.error
import urllib.request
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from flask import Flask, get_flashed_messages
from flask_babel import get_locale, gettext

from harness.flask_lines import (
    APP_CONTEXT_ERROR,
    FLASK_VERSION,
    REQUEST_CONTEXT_ERROR,
    REQUEST_ERROR_IN_APP_CONTEXT,
    first_line,
    installed,
)
from harness.output import assert_shows
from harness.recordings import assert_recorded
from harness.servers import wait_for


def test_formatter_reading_request_prints_a_logging_error_and_the_job_goes_on(reader, snippet):
    result = reader.python("fix-shared-code/shared_logging_broken.py")
    assert result.returncode == 0
    assert result.stdout == "reports sent\n"
    assert result.stderr.startswith("--- Logging error ---\n")
    assert_recorded("logging", result.stderr)
    excerpt = snippet("fix-shared-code/shared_logging_error.txt").read_text(encoding="utf-8")
    assert_shows(excerpt, result.stderr)
    assert "INFO sending reports" not in result.stderr  # the message itself is lost


def test_guarded_formatter_logs_in_jobs(reader):
    result = reader.python("fix-shared-code/shared_logging_fixed.py")
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("reports sent\n", "- INFO sending reports\n")


@pytest.mark.parametrize("module", ["shared_logging_broken", "shared_logging_fixed"])
def test_both_formatters_log_the_url_in_a_request(module):
    logs = __import__(module)
    stream = io.StringIO()
    logs.handler.setStream(stream)
    assert logs.app.test_client().get("/orders").data == b"orders"
    assert stream.getvalue() == "http://localhost/orders INFO orders listed\n"


def test_cached_helper_outside_a_request_logs_and_never_caches(reader, snippet):
    result = reader.python("fix-shared-code/shared_cache_broken.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "querying top products\n" * 2
    excerpt = snippet("fix-shared-code/shared_cache_error.txt").read_text(encoding="utf-8")
    # the page shows Flask 2.0 to 3.1's words; from 3.2 an app context without a request says so
    excerpt = excerpt.replace(REQUEST_CONTEXT_ERROR, REQUEST_ERROR_IN_APP_CONTEXT)
    assert result.stderr.count(excerpt.splitlines()[0]) == 2
    assert_shows(excerpt, result.stderr)


def test_memoized_helper_is_cached_in_jobs(reader):
    result = reader.python("fix-shared-code/shared_cache_fixed.py")
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("querying top products\n", "")


def test_cached_helper_in_a_request_is_cached(capsys, caplog):
    import shared_cache_broken

    client = shared_cache_broken.create_app().test_client()
    assert client.get("/top").json == client.get("/top").json == {"products": ["tea", "coffee"]}
    assert capsys.readouterr().out == "querying top products\n"
    assert caplog.records == []


def test_memoized_helper_is_shared_by_requests_and_jobs(capsys):
    import shared_cache_fixed

    app = shared_cache_fixed.create_app()
    shared_cache_fixed.warm_cache(app)
    assert app.test_client().get("/top").json == {"products": ["tea", "coffee"]}
    assert capsys.readouterr().out == "querying top products\n"


def test_cached_helper_in_debug_mode_raises():
    import shared_cache_broken

    app = shared_cache_broken.create_app()
    app.debug = True
    with pytest.raises(RuntimeError) as raised:
        shared_cache_broken.warm_cache(app)
    assert f"RuntimeError: {raised.value}".splitlines()[0] == REQUEST_ERROR_IN_APP_CONTEXT


def test_locale_selector_reading_request_fails_in_a_job(reader):
    result = reader.python("fix-shared-code/shared_babel_broken.py")
    assert result.returncode == 1
    assert REQUEST_ERROR_IN_APP_CONTEXT in result.stderr.splitlines()
    assert "in select_locale" in result.stderr
    assert_recorded("shared_babel", result.stderr)


def test_guarded_selector_works_in_a_job(reader):
    result = reader.python("fix-shared-code/shared_babel_fixed.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Welcome\nWelcome\n"  # no catalogs next to the script


@pytest.mark.parametrize("module", ["shared_babel_broken", "shared_babel_fixed"])
def test_both_selectors_translate_requests(module, translations):
    app = __import__(module).create_app(translations)
    client = app.test_client()
    assert client.get("/", headers={"Accept-Language": "vi"}).get_data(as_text=True) == "Chào mừng"
    assert client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True) == "Welcome"


def test_a_job_translates_with_the_default_or_a_forced_locale(translations):
    import shared_babel_fixed

    app = shared_babel_fixed.create_app({**translations, "BABEL_DEFAULT_LOCALE": "vi"})
    assert shared_babel_fixed.reminder_subject(app) == "Chào mừng"
    app = shared_babel_fixed.create_app(translations)
    assert shared_babel_fixed.reminder_subject(app) == "Welcome"
    assert shared_babel_fixed.reminder_subject_in(app, "vi") == "Chào mừng"


# -- Flask-Babel: gettext at import ----------------------------------------------------------


def get_welcome(app, language):
    return app.test_client().get("/", headers={"Accept-Language": language}).get_data(as_text=True)


def test_gettext_at_import_raises_nothing_and_never_translates(reader, translations):
    module = reader.load("import_time_babel_broken")
    app = module.create_app(translations)
    assert get_welcome(app, "en") == "Welcome"
    assert get_welcome(app, "vi") == "Welcome"
    with app.test_request_context(headers={"Accept-Language": "vi"}):
        assert str(get_locale()) == "vi"  # the request did choose Vietnamese
        assert gettext("Welcome") == "Chào mừng"  # and the catalog is there


def test_lazy_gettext_translates_in_each_requests_language(reader, translations):
    module = reader.load("import_time_babel_fixed")
    app = module.create_app(translations)
    assert get_welcome(app, "en") == "Welcome"
    assert get_welcome(app, "vi") == "Chào mừng"


def serving(reader, monkeypatch, translations, label):
    """The application of import_time_babel_fixed, its view serving `label` in place of WELCOME."""
    module = reader.load("import_time_babel_fixed")
    monkeypatch.setattr(module, "WELCOME", label)
    return module.create_app(translations)


def test_a_lazy_message_joined_at_import_is_a_str_frozen_in_english(reader, monkeypatch, translations):
    label = reader.load("import_time_babel_joined_broken").Labels.WELCOME
    assert type(label) is str  # the join made a plain string, at import
    assert get_welcome(serving(reader, monkeypatch, translations, label), "vi") == "» Welcome"


def test_a_lazy_join_translates_in_each_requests_language(reader, monkeypatch, translations):
    label = reader.load("import_time_babel_joined_fixed").Labels.WELCOME
    app = serving(reader, monkeypatch, translations, label)
    assert get_welcome(app, "en") == "» Welcome"
    assert get_welcome(app, "vi") == "» Chào mừng"


def test_a_filter_reading_request_raises_in_the_code_that_logged():
    """A handler catches errors in formatting (--- Logging error ---), not in its filters."""
    import logging

    from flask import request

    class PathFilter(logging.Filter):
        def filter(self, record):
            return request.path.startswith("/")

    handler = logging.StreamHandler(io.StringIO())
    handler.addFilter(PathFilter())
    record = logging.LogRecord("jobs", logging.INFO, __file__, 1, "sending reports", None, None)
    with pytest.raises(RuntimeError) as raised:
        handler.handle(record)  # what every logging call does for each of its handlers
    assert f"RuntimeError: {raised.value}".splitlines()[0] == REQUEST_CONTEXT_ERROR


def test_cached_with_a_fixed_key_prefix_works_outside_a_request(capsys, caplog):
    from flask import Flask
    from flask_caching import Cache

    app = Flask(__name__)
    cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})

    @cache.cached(timeout=300, key_prefix="top_products")
    def top_products():
        print("querying top products")
        return ["tea", "coffee"]

    with app.app_context():
        assert top_products() == top_products() == ["tea", "coffee"]
    assert capsys.readouterr().out == "querying top products\n"
    assert caplog.records == []


# -- Flask-RESTX: the API's serializer in a command ----------------------------------------------

FEED = [
    {"id": 1, "total": 9.5, "url": "https://shop.example.com/orders/1"},
    {"id": 2, "total": 12.0, "url": "https://shop.example.com/orders/2"},
]


def test_restx_serializer_in_a_command_raises_the_request_error(reader):
    result = reader.flask("restx_feed_broken", "orders-feed")
    assert result.returncode == 1
    assert result.stdout == ""
    assert REQUEST_ERROR_IN_APP_CONTEXT in result.stderr.splitlines()
    assert "flask_restx/marshalling.py" in result.stderr  # the library's frame reads the request
    assert_recorded("restx_command", result.stderr)


def test_restx_command_in_a_request_to_the_public_site_prints_the_feed(reader):
    result = reader.flask("restx_feed_fixed", "orders-feed")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == FEED


def test_restx_views_serialize_each_request():
    """The view's URLs are the request's; its X-Fields header picks the fields (a test request
    context has no such header: the command gets the whole model)."""
    import orders_api

    client = orders_api.app.test_client()
    assert client.get("/orders/2").json == {"id": 2, "total": 12.0, "url": "http://localhost/orders/2"}
    assert client.get("/orders/2", headers={"X-Fields": "id"}).json == {"id": 2}


# Flask-RESTX checks has_app_context() before it reads the header: with no context at all it goes
# on, and url_for fails for want of the application (Flask 2.0 and 2.1 word it their own way).
NO_APP_FOR_URL = {
    (2, 0): "RuntimeError: Attempted to generate a URL without the application context being pushed.",
    (2, 2): APP_CONTEXT_ERROR,
}


def test_restx_serializer_with_no_context_at_all_raises_the_app_error():
    import orders_api

    with pytest.raises(RuntimeError) as raised:
        orders_api.order_data(1)
    expected = next(text for since, text in sorted(NO_APP_FOR_URL.items(), reverse=True) if FLASK_VERSION >= since)
    assert first_line(raised.value).startswith(expected)


def test_restx_marshal_reads_no_request():
    """marshal(data, model) with fields that build no link: in an application context, with no
    request, where the decorated function fails."""
    from flask import Flask
    from flask_restx import fields, marshal

    model = {"id": fields.Integer, "total": fields.Float}
    with Flask(__name__).app_context():
        assert marshal({"id": 1, "total": 9.5, "note": "x"}, model) == {"id": 1, "total": 9.5}


# -- pybrake: a job reports its error ------------------------------------------------------------


@pytest.fixture
def airbrake():
    """A real HTTP server that answers as Airbrake's notices API does; the environment the
    snippets read, pointing at it; and the notices it received."""
    notices = []

    class Notices(BaseHTTPRequestHandler):
        def do_POST(self):
            notices.append((self.path, json.loads(self.rfile.read(int(self.headers["Content-Length"])))))
            self.send_response(201)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps({"id": f"notice-{len(notices)}"}).encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Notices)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    env = {
        "AIRBRAKE_PROJECT_ID": "42",
        "AIRBRAKE_PROJECT_KEY": "secret-key",
        "AIRBRAKE_HOST": f"http://127.0.0.1:{server.server_address[1]}",
    }
    yield env, notices
    server.shutdown()
    server.server_close()


def test_flask_notifier_in_a_job_raises_the_request_error_and_reports_nothing(reader, airbrake):
    env, notices = airbrake
    result = reader.python("fix-shared-code/airbrake_job_broken.py", env=env)
    assert result.returncode == 1
    assert result.stdout == ""
    assert REQUEST_ERROR_IN_APP_CONTEXT in result.stderr.splitlines()
    assert "in request_filter" in result.stderr  # pybrake's filter reads the request
    assert notices == []
    assert_recorded("pybrake_job", result.stderr)


def test_jobs_notifier_reports_the_error_with_no_request(reader, airbrake):
    env, notices = airbrake
    result = reader.python("fix-shared-code/airbrake_job_fixed.py", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "import failed, reported as notice-1\n"
    [(path, notice)] = notices
    assert path == "/api/v3/projects/42/notices"
    assert notice["errors"][0]["type"] == "FileNotFoundError"
    assert "url" not in notice["context"] and "request" not in notice["params"]


@pytest.mark.parametrize("module", ["airbrake_job_broken", "airbrake_job_fixed"])
def test_a_job_that_succeeds_reports_nothing(reader, airbrake, tmp_path, module):
    env, notices = airbrake
    (tmp_path / "prices.csv").write_text("9.5\n12\n", encoding="utf-8")
    result = reader.python(f"fix-shared-code/{module}.py", env=env)
    assert (result.returncode, result.stdout, notices) == (0, "", [])


@pytest.mark.parametrize("module", ["airbrake_job_broken", "airbrake_job_fixed"])
def test_importing_a_job_script_runs_no_job(monkeypatch, airbrake, module):
    env, notices = airbrake
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    importlib.import_module(module)
    assert notices == []


def flask_notifier(env):
    """An app with pybrake's Flask integration. Flask-Login is installed here (for other pages),
    and pybrake's filter then reads its current_user in every request: that needs a LoginManager."""
    from flask import Flask
    from flask_login import LoginManager
    from pybrake.middleware.flask import init_app

    app = Flask(__name__)
    LoginManager(app).user_loader(lambda user_id: None)
    app.config["PYBRAKE"] = {
        "project_id": int(env["AIRBRAKE_PROJECT_ID"]),
        "project_key": env["AIRBRAKE_PROJECT_KEY"],
        "host": env["AIRBRAKE_HOST"],
        "performance_stats": False,  # no route statistics sent after the test
    }
    init_app(app)
    return app


# pybrake reads the __version__ of every module loaded when it builds a notice, and Flask,
# Werkzeug, MarkupSafe, jsonschema... warn that it is going away (the snippets run in processes
# of their own, where warnings are only printed).
PYBRAKE_NOTICE = pytest.mark.filterwarnings("ignore:.*__version__.*:DeprecationWarning")


@PYBRAKE_NOTICE
def test_flask_notifier_reports_a_view_error_with_its_request(airbrake):
    env, notices = airbrake
    app = flask_notifier(env)

    @app.route("/prices")
    def prices():
        raise ValueError("no prices")

    assert app.test_client().get("/prices").status_code == 500
    wait_for(lambda: notices, timeout=10)  # sent from the notifier's thread pool
    [(_, notice)] = notices
    assert (notice["context"]["method"], notice["context"]["url"]) == ("GET", "http://localhost/prices")


@PYBRAKE_NOTICE
def test_a_test_request_context_files_the_job_under_a_request_that_never_happened(airbrake):
    env, notices = airbrake
    app = flask_notifier(env)
    with app.test_request_context():
        app.extensions["pybrake"].notify_sync(FileNotFoundError("prices.csv"))
    [(_, notice)] = notices
    assert (notice["context"]["method"], notice["context"]["url"]) == ("GET", "http://localhost/")


# -- The traps of each fix ---------------------------------------------------------------------


def test_a_command_has_the_application_and_no_request():
    from flask import Flask, has_app_context, has_request_context

    app = Flask(__name__)

    @app.cli.command("check")
    def check():
        print(has_app_context(), has_request_context())

    assert app.test_cli_runner().invoke(args=["check"]).output == "True False\n"


def test_a_test_request_context_is_a_made_up_request():
    """No user, an empty session, no remote address, localhost unless given a base URL."""
    from flask import Flask, request, session, url_for
    from flask_login import LoginManager, current_user

    app = Flask(__name__)
    app.secret_key = "test"
    LoginManager(app).user_loader(lambda user_id: None)
    app.add_url_rule("/orders/<int:id>", "order", lambda id: "")
    with app.test_request_context():
        assert not current_user.is_authenticated
        assert dict(session) == {}
        assert request.remote_addr is None
        assert url_for("order", id=1, _external=True) == "http://localhost/orders/1"
    with app.test_request_context(base_url="https://shop.example.com"):
        assert url_for("order", id=1, _external=True) == "https://shop.example.com/orders/1"
    app.config["SERVER_NAME"] = "shop.example.com"
    with app.test_request_context():
        assert url_for("order", id=1, _external=True) == "http://shop.example.com/orders/1"
    with warnings.catch_warnings():  # Werkzeug before 2.3 warns that the two names differ
        warnings.filterwarnings("ignore", "Current server name .* doesn't match", UserWarning)
        with app.test_request_context(base_url="https://other.example.com"):  # SERVER_NAME's host wins
            assert url_for("order", id=1, _external=True) == "https://shop.example.com/orders/1"


def test_current_user_and_a_value_of_g_that_a_request_sets_raise_no_request_error():
    """Outside a request Flask-Login's current_user is None; a before_request's g value is
    missing (AttributeError) in an application context, and without one g is the app's error."""
    from flask import Flask, g
    from flask_login import LoginManager, current_user

    app = Flask(__name__)
    LoginManager(app)
    app.before_request(lambda: setattr(g, "user", "ada"))
    with pytest.raises(RuntimeError) as raised:
        g.user
    assert first_line(raised.value) == APP_CONTEXT_ERROR
    with app.app_context():
        assert current_user._get_current_object() is None and current_user is not None  # the proxy is not
        with pytest.raises(AttributeError):
            current_user.id
        with pytest.raises(AttributeError):
            g.user


def test_flash_in_a_job_raises_the_request_error(reader):
    result = reader.python("fix-shared-code/shared_flash_broken.py")
    assert result.returncode == 1
    assert REQUEST_CONTEXT_ERROR in result.stderr.splitlines()
    assert_recorded("shared_flash", result.stderr)
    module = reader.load("shared_flash_broken")
    with module.app.app_context(), pytest.raises(RuntimeError) as raised:  # a job with a context
        module.save_prices({"milk": -1})
    assert first_line(raised.value) == REQUEST_ERROR_IN_APP_CONTEXT  # Flask 3.2's own words
    # in a request, the user gets the message
    response = module.app.test_client().post("/prices")
    assert response.json == {"saved": {"tea": 3}, "messages": ["milk: -1 is not a price, not saved"]}


def test_a_flash_in_a_made_up_request_raises_nothing_and_goes_into_its_session(reader):
    module = reader.load("shared_flash_broken")
    with module.app.test_request_context():
        assert module.save_prices({"tea": 3, "milk": -1}) == {"tea": 3}
        assert get_flashed_messages(with_categories=True) == [("warning", "milk: -1 is not a price, not saved")]


def test_the_guarded_helper_logs_in_a_job_and_flashes_in_a_request(reader):
    result = reader.python("fix-shared-code/shared_flash_fixed.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "{'tea': 3}\n"
    assert result.stderr == "WARNING __main__: milk: -1 is not a price, not saved\n"
    module = reader.load("shared_flash_fixed")
    response = module.app.test_client().post("/prices")
    assert response.json == {"saved": {"tea": 3}, "messages": ["milk: -1 is not a price, not saved"]}


def test_socketio_stop_in_a_made_up_request_finds_no_server_to_stop():
    from flask_socketio import SocketIO

    app = Flask("chat")
    socketio = SocketIO(app, async_mode="threading")
    with pytest.raises(RuntimeError) as outside:
        socketio.stop()
    assert first_line(outside.value) == REQUEST_CONTEXT_ERROR
    with app.test_request_context(), pytest.raises(RuntimeError, match="^Cannot stop unknown web server$"):
        socketio.stop()


# A Socket.IO server in threading mode whose view stops it, run as `python chat_server.py <port>`.
CHAT_SERVER = """\
import sys

from flask import Flask
from flask_socketio import SocketIO

app = Flask(__name__)
socketio = SocketIO(app, async_mode="threading")


@app.get("/stop")
def stop():
    socketio.stop()
    return "stopping"


socketio.run(app, port=int(sys.argv[1]), allow_unsafe_werkzeug=True)
"""


def test_socketio_stop_in_a_real_request_finds_no_server_either_from_werkzeug_2_1(reader, tmp_path):
    (tmp_path / "chat_server.py").write_text(CHAT_SERVER, encoding="utf-8")
    with reader.serve([sys.executable, "chat_server.py", "{port}"], log="chat.log") as server:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{server.port}/stop", timeout=10).close()
            status = 200
        except urllib.error.HTTPError as error:
            status = error.code
        if installed("werkzeug") >= (2, 1):  # no shutdown hook in the request any more
            assert status == 500
            server.wait_for("RuntimeError: Cannot stop unknown web server")
        else:
            assert status == 200
            server.popen.wait(10)  # the server stopped
