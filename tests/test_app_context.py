"""The application-context background page: what the context is for, when it exists, g and the
resource pattern, LocalProxy, signals and extensions."""

import asyncio
import contextvars
import sqlite3
import sys
import threading

import flask
import flask.globals
import pytest
from flask import Flask, current_app, g, has_app_context

from harness.flask_lines import APP_CONTEXT_ERROR, FLASK_VERSION, first_line, requirements
from harness.project import console_runs


def assert_no_app_context(call):
    with pytest.raises(RuntimeError) as raised:
        call()
    assert first_line(raised.value) == APP_CONTEXT_ERROR


@pytest.fixture
def appctx_db():
    import appctx_db

    return appctx_db


@pytest.fixture
def db_app(appctx_db, tmp_path):
    return appctx_db.create_app({"DATABASE": str(tmp_path / "app.db")})


# -- Why current_app -------------------------------------------------------------------------


def test_blueprint_reads_the_app_that_handles_the_request():
    from appctx_blueprint import about, bp

    shop, blog = Flask("shop"), Flask("blog")
    shop.config["SITE_NAME"] = "Shop"
    blog.config["SITE_NAME"] = "Blog"
    shop.register_blueprint(bp)
    blog.register_blueprint(bp)
    assert shop.test_client().get("/about").get_json() == {"site": "Shop"}
    assert blog.test_client().get("/about").get_json() == {"site": "Blog"}
    assert_no_app_context(about)  # called outside any request


# -- Lifetime --------------------------------------------------------------------------------


def test_a_request_pushes_a_context_and_pops_it_at_the_end():
    app = Flask(__name__)
    seen = {}

    @app.get("/")
    def index():
        seen["active"] = has_app_context()
        seen["app"] = current_app._get_current_object()
        return ""

    assert not has_app_context()
    assert app.test_client().get("/").status_code == 200
    assert seen == {"active": True, "app": app}
    assert not has_app_context()


def test_a_request_reuses_an_active_app_context_of_its_app():
    app = Flask(__name__)

    @app.get("/")
    def index():
        return {"user": g.get("user")}

    with app.app_context():
        g.user = "ada"
        response = app.test_client().get("/")
    if FLASK_VERSION >= (3, 2):
        assert response.get_json() == {"user": None}  # 3.2: a request never reuses one
    else:
        assert response.get_json() == {"user": "ada"}


def test_a_flask_command_runs_in_a_context(snippet, reader, tmp_path):
    [(command, output)] = console_runs(snippet("app-context/appctx_cli.console"))
    assert command == "flask --app appctx_db count-visits"
    result = reader.flask("appctx_db", "count-visits")
    assert result.returncode == 0, result.stderr
    assert result.stdout == output
    assert (tmp_path / "app.db").is_file()


def test_contexts_live_in_context_variables():
    if FLASK_VERSION >= (2, 2):
        assert isinstance(flask.globals._cv_app, contextvars.ContextVar)
    else:  # Werkzeug 2's LocalStack, which Flask 2.0 and 2.1 use, keeps it in a context variable
        storage = object.__getattribute__(flask.globals._app_ctx_stack._local, "_storage")
        assert isinstance(storage, contextvars.ContextVar)


def test_a_new_thread_starts_without_a_context():
    if getattr(sys.flags, "thread_inherit_context", 0):
        pytest.skip(
            "sys.flags.thread_inherit_context is true (the default on free-threaded Python 3.14+):"
            " a new thread starts with a copy of the context of the caller of start()"
        )
    app = Flask(__name__)
    seen = []
    with app.app_context():
        thread = threading.Thread(target=lambda: seen.append(has_app_context()))
        thread.start()
        thread.join()
    assert seen == [False]


def test_each_asyncio_task_has_its_own_context():
    app = Flask(__name__)

    async def main():
        pushed, checked = asyncio.Event(), asyncio.Event()
        seen = {}

        async def pusher():
            with app.app_context():
                pushed.set()
                await checked.wait()  # keep the context pushed while the other task looks

        async def other():
            await pushed.wait()
            seen["other task"] = has_app_context()
            checked.set()

        async def child():
            return has_app_context()

        await asyncio.gather(pusher(), other())
        with app.app_context():
            seen["task created inside"] = await asyncio.create_task(child())
        return seen

    assert asyncio.run(main()) == {"other task": False, "task created inside": True}


# -- Pushing one by hand ---------------------------------------------------------------------


def test_factory_pushes_a_context_for_its_set_up_work(db_app, tmp_path):
    with sqlite3.connect(tmp_path / "app.db") as connection:
        tables = connection.execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("visit",)]


def test_push_and_pop_by_hand(reader):
    result = reader.python("app-context/appctx_push.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "current app: myapp\n"


def test_pop_ends_the_context():
    ctx = Flask(__name__).app_context()
    ctx.push()
    assert has_app_context()
    ctx.pop()
    assert not has_app_context()


def test_a_with_block_pops_even_when_it_raises():
    app = Flask(__name__)
    with pytest.raises(ValueError):
        with app.app_context():
            raise ValueError("boom")
    assert not has_app_context()


# -- g and the resource pattern --------------------------------------------------------------


def test_one_connection_per_context_closed_when_it_ends(appctx_db, db_app):
    with db_app.app_context():
        first = appctx_db.get_db()
        assert appctx_db.get_db() is first
    with pytest.raises(sqlite3.ProgrammingError, match="closed database"):
        first.execute("SELECT 1")
    with db_app.app_context():
        assert appctx_db.get_db() is not first
    with db_app.app_context():
        pass  # a context that never asked for a connection closes without one


def test_a_request_gets_a_connection_and_closes_it(appctx_db, tmp_path):
    app = appctx_db.create_app({"DATABASE": str(tmp_path / "app.db")})
    used = []

    @app.get("/connection")
    def connection():
        used.append(appctx_db.get_db())
        return ""

    client = app.test_client()
    assert client.get("/").data == b"visit recorded\n"
    assert client.get("/connection").status_code == 200
    with pytest.raises(sqlite3.ProgrammingError, match="closed database"):
        used[0].execute("SELECT 1")
    with sqlite3.connect(tmp_path / "app.db") as database:
        assert database.execute("SELECT path FROM visit").fetchall() == [("/",)]


def test_data_on_g_is_lost_when_the_context_ends():
    app = Flask(__name__)
    with app.app_context():
        g.user = "ada"
        assert g.user == "ada"
    with app.app_context():
        assert "user" not in g


def test_each_request_starts_with_an_empty_g():
    app = Flask(__name__)

    @app.get("/<name>")
    def remember(name):
        seen = g.get("user")
        g.user = name
        return {"seen": seen}

    client = app.test_client()
    assert client.get("/ada").get_json() == {"seen": None}
    assert client.get("/bob").get_json() == {"seen": None}


def test_teardown_handlers_get_the_exception_or_none():
    app = Flask(__name__)
    received = []
    app.teardown_appcontext(received.append)
    with app.app_context():
        pass
    error = ValueError("boom")
    with pytest.raises(ValueError):
        with app.app_context():
            raise error
    assert received == [None, error]


def teardown_db():  # the signature of old examples: no parameter
    g.pop("db", None)


def test_teardown_without_a_parameter_fails_when_the_context_closes(snippet):
    text = snippet("app-context/appctx_teardown_error.txt").read_text(encoding="utf-8")
    app = Flask(__name__)
    app.teardown_appcontext(teardown_db)
    with pytest.raises(Exception) as raised:
        with app.app_context():
            pass
    error = raised.value
    if FLASK_VERSION >= (3, 2) and sys.version_info >= (3, 11):  # errors come as exception groups
        group = "Errors during context teardown (1 sub-exception)"
        assert [type(error).__name__, str(error)] == ["ExceptionGroup", group]
        (error,) = error.exceptions
        assert [type(error).__name__, str(error)] == ["ExceptionGroup", "Errors during app teardown (1 sub-exception)"]
        (error,) = error.exceptions
    assert f"{type(error).__name__}: {error}\n" == text
    assert not has_app_context()


def test_every_teardown_runs_even_when_one_fails_from_flask_3_2():
    app = Flask(__name__)
    ran = []
    app.teardown_appcontext(lambda error: ran.append("registered first"))
    app.teardown_appcontext(teardown_db)  # registered last, so called first: it fails
    with pytest.raises(Exception) as raised:
        with app.app_context():
            pass
    assert type(raised.value).__name__ == ("ExceptionGroup" if FLASK_VERSION >= (3, 2) else "TypeError")
    assert ran == (["registered first"] if FLASK_VERSION >= (3, 2) else [])


def test_local_proxy_works_like_current_app(appctx_db, db_app):
    with db_app.app_context():
        assert appctx_db.db.execute("SELECT 1").fetchone() == (1,)
        assert appctx_db.db._get_current_object() is appctx_db.get_db()
    assert_no_app_context(lambda: appctx_db.db.execute("SELECT 1"))


# -- Signals ---------------------------------------------------------------------------------


def test_signals_fire_on_push_and_pop(reader, snippet):
    [(command, output)] = console_runs(snippet("app-context/appctx_signals.console"))
    assert command == "python appctx_signals.py"
    result = reader.python("app-context/appctx_signals.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == output


def test_receivers_only_hear_their_own_app(capsys):
    import appctx_signals

    capsys.readouterr()  # what the import printed
    with Flask("other").app_context():
        pass
    assert capsys.readouterr().out == ""
    with appctx_signals.app.app_context():
        pass
    assert capsys.readouterr().out.split() == [
        "appcontext_pushed", "appcontext_tearing_down", "appcontext_popped"
    ]


def test_pushed_fires_with_the_context_active_and_popped_once_it_is_gone():
    app = Flask(__name__)
    active = {}

    def on_pushed(sender, **extra):
        active["pushed"] = has_app_context()

    def on_popped(sender, **extra):
        active["popped"] = has_app_context()

    flask.appcontext_pushed.connect(on_pushed, app)
    flask.appcontext_popped.connect(on_popped, app)
    with app.app_context():
        pass
    assert active == {"pushed": True, "popped": False}


def test_teardown_handlers_run_before_appcontext_tearing_down():
    app = Flask(__name__)
    events = []
    app.teardown_appcontext(lambda exception: events.append("teardown_appcontext"))

    def on_tearing_down(sender, **extra):
        events.append("appcontext_tearing_down")

    flask.appcontext_tearing_down.connect(on_tearing_down, app)
    with app.app_context():
        pass
    assert events == ["teardown_appcontext", "appcontext_tearing_down"]


def test_blinker_is_required_since_flask_2_3():
    assert ("blinker" in requirements("flask")) == (FLASK_VERSION >= (2, 3))


def test_signals_available_and_app_ctx_stack_are_gone():
    if FLASK_VERSION >= (3, 0):
        assert not hasattr(flask, "signals_available")
        assert not hasattr(flask, "_app_ctx_stack")
    elif FLASK_VERSION >= (2, 3):
        with pytest.deprecated_call():
            assert flask.signals_available is True
        with pytest.deprecated_call():
            flask._app_ctx_stack
    elif FLASK_VERSION >= (2, 2):
        with pytest.deprecated_call():
            flask._app_ctx_stack
    else:  # Flask 2.0 and 2.1 have both, without a warning (filterwarnings turns one into an error)
        assert flask.signals_available is True
        assert flask._app_ctx_stack.top is None


# -- Extensions ------------------------------------------------------------------------------


def test_extension_keeps_app_state_and_context_data_apart():
    from appctx_extension import Audit

    audit = Audit()  # created once, initialised for each app (the factory pattern)
    shop, blog = Flask("shop"), Flask("blog")
    audit.init_app(shop)
    audit.init_app(blog)
    seen = {}

    @shop.get("/login")
    def login():
        g.events = "user data"  # user code's own name on g
        audit.record("login")
        audit.record("view profile")
        seen["user data"] = g.events
        seen["on g"] = list(g._audit_events)
        return ""

    assert shop.test_client().get("/login").status_code == 200
    assert seen == {"user data": "user data", "on g": ["login", "view profile"]}
    assert shop.extensions["audit"] == ["login", "view profile"]
    assert blog.extensions["audit"] == []
    with shop.app_context():
        assert "_audit_events" not in g


def test_extension_can_take_the_app_directly():
    from appctx_extension import Audit

    app = Flask(__name__)
    audit = Audit(app)
    with app.app_context():
        audit.record("export")
    assert app.extensions["audit"] == ["export"]
