"""Callbacks that a library calls from a thread of its own (docs/fix-callbacks.md), with two
real libraries: watchdog's observer thread on a real folder, and redis-py's PubSub thread on
the session's redis-server. Each script runs as a reader runs it, as a process of its own."""

import importlib
import os
import signal
import sys
import threading

import pytest
import redis
from flask import Flask, current_app, has_app_context

from harness.apps import user_names
from harness.flask_lines import DATABASE_CONTEXT_ERROR, FLASK_SQLALCHEMY_VERSION
from harness.output import normalise
from harness.recordings import assert_recorded
from harness.servers import wait_for


def start(reader, name, *args, env=None):
    """The snippet as `python <file> <args>`, stopped with Ctrl+C; its output in <name>.log."""
    command = [sys.executable, str(reader.snippet(f"fix-callbacks/{name}.py")), *args]
    return reader.start(command, log=f"{name}.log", stop=signal.SIGINT, env=env)


def thread_error_in(text):
    """The output once it shows a thread's traceback through to the error's last line."""
    return text if "Exception in thread" in text and DATABASE_CONTEXT_ERROR.splitlines()[-1] in text else None


# -- watchdog: a handler for new files -----------------------------------------------------------


def watch_inbox(reader, tmp_path, name, until):
    """Run the watcher script on tmp_path/inbox; drop a file that is not CSV, which the handler
    leaves alone, then a CSV file that appears whole, as a finished upload or a copy does (a hard
    link: one creation event, the content already there). Waits for `until(output)`, stops the
    script with Ctrl+C; returns (what `until` returned, the script's exit status)."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with start(reader, name, str(inbox)) as watcher:
        watcher.wait_for("watching")
        (inbox / "notes.txt").write_text("not a list of users\n")
        (tmp_path / "users.csv").write_text("ada\ngrace\n")
        os.link(tmp_path / "users.csv", inbox / "users.csv")
        found = watcher.wait_for(until)
        assert watcher.poll() is None  # still watching, whatever happened in its observer thread
    return found, watcher.returncode


def test_a_watchdog_handler_runs_without_a_context(reader, tmp_path):
    text, status = watch_inbox(reader, tmp_path, "inbox_watcher_broken", thread_error_in)
    assert status == 0  # Ctrl+C
    assert "in on_created\n" in text and "watchdog/observers/api.py" in text
    assert_recorded("watchdog", text)
    assert user_names(tmp_path / "app.db") == []


def test_the_watched_folder_must_exist(reader, tmp_path):
    """Why the page makes the folder first: watchdog's observer refuses one that is not there."""
    result = reader.python("fix-callbacks/inbox_watcher_broken.py", str(tmp_path / "inbox"))
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith("FileNotFoundError: [Errno 2] No such file or directory")


def test_a_handler_that_keeps_the_app_imports_the_file(reader, tmp_path):
    def imported(text):
        return "imported" in text and text

    text, status = watch_inbox(reader, tmp_path, "inbox_watcher", imported)
    assert status == 0 and "Traceback" not in text
    assert text.count("imported") == 1  # the CSV file only
    assert user_names(tmp_path / "app.db") == ["ada", "grace"]


# -- redis-py: a subscriber's message handler --------------------------------------------------


def wait_until_subscribed(redis_url):
    """Wait until a script listens on the "signups" channel; a client of that Redis."""
    client = redis.Redis.from_url(redis_url)
    wait_for(lambda: dict(client.pubsub_numsub("signups")).get(b"signups"))
    return client


def publish_once_subscribed(redis_url, name):
    assert wait_until_subscribed(redis_url).publish("signups", name) == 1


def test_a_redis_message_handler_runs_without_a_context(reader, tmp_path, redis_url):
    with start(reader, "signup_listener_broken", env={"REDIS_URL": redis_url}) as listener:
        listener.wait_for("listening")
        publish_once_subscribed(redis_url, "ada")
        text = listener.wait_for(thread_error_in)
        assert listener.poll() is None  # the script goes on, without its listening thread
    assert listener.returncode == 0  # Ctrl+C
    assert "in on_signup\n" in text and "redis/client.py" in text
    assert_recorded("redis_pubsub", text)
    assert user_names(tmp_path / "app.db") == []


def test_a_wrapped_redis_handler_adds_the_user(reader, tmp_path, redis_url):
    with start(reader, "signup_listener", env={"REDIS_URL": redis_url}) as listener:
        listener.wait_for("listening")
        publish_once_subscribed(redis_url, "ada")
        listener.wait_for("added ada")
    assert listener.returncode == 0 and "Traceback" not in listener.output()
    assert user_names(tmp_path / "app.db") == ["ada"]


# -- redis-py: the same handler, called from the script's own loop -------------------------------


def error_in(text):
    """The output once it shows the error's last line."""
    return text if DATABASE_CONTEXT_ERROR.splitlines()[-1] in text else None


def test_a_handler_called_from_the_scripts_own_loop_runs_without_a_context(reader, tmp_path, redis_url):
    with start(reader, "signup_loop_broken", env={"REDIS_URL": redis_url}) as listener:
        listener.wait_for("listening")
        publish_once_subscribed(redis_url, "ada")
        text = listener.wait_for(error_in)
        wait_for(lambda: listener.poll() is not None)  # the error ends the loop, and the script
    assert listener.returncode == 1
    assert "Exception in thread" not in text  # the main thread: no thread of the library's
    assert "in get_message\n" in text and "in on_signup\n" in text and "redis/client.py" in text
    assert_recorded("redis_loop", text)
    assert user_names(tmp_path / "app.db") == []


def test_the_scripts_own_loop_waits_for_messages_until_ctrl_c(reader, redis_url):
    with start(reader, "signup_loop_broken", env={"REDIS_URL": redis_url}) as listener:
        listener.wait_for("listening")
        wait_until_subscribed(redis_url)
        assert listener.poll() is None
    assert listener.returncode == 0 and "Traceback" not in listener.output()


def test_a_wrapped_handler_in_the_scripts_own_loop_adds_every_user(reader, tmp_path, redis_url):
    with start(reader, "signup_loop", env={"REDIS_URL": redis_url}) as listener:
        listener.wait_for("listening")
        publish_once_subscribed(redis_url, "ada")
        listener.wait_for("added ada")
        publish_once_subscribed(redis_url, "grace")
        listener.wait_for("added grace")
    assert listener.returncode == 0 and "Traceback" not in listener.output()
    assert user_names(tmp_path / "app.db") == ["ada", "grace"]


# -- Hooks that Python calls: atexit and sys.excepthook ------------------------------------------

# How each Python of the matrix introduces the error of an exit handler
ATEXIT_LINES = {
    (3, 9): "Error in atexit._run_exitfuncs:",
    (3, 11): "Exception ignored in atexit callback: <function report at ",
    (3, 13): "Exception ignored in atexit callback <function report at ",
}


def test_an_exit_handler_runs_after_the_context_is_gone(reader, tmp_path):
    result = reader.python("fix-callbacks/exit_report_broken.py")
    assert result.returncode == 0 and result.stdout == ""  # Python prints the error, and exits with 0
    assert any(line.startswith(ATEXIT_LINES[sys.version_info[:2]]) for line in result.stderr.splitlines())
    assert "in report\n" in result.stderr and DATABASE_CONTEXT_ERROR in result.stderr
    if sys.version_info >= (3, 10):  # 3.9 prints the cause of Flask-SQLAlchemy 2.5's error too
        assert_recorded("atexit", result.stderr)
    elif FLASK_SQLALCHEMY_VERSION < (3, 0):  # the page: "may be the second one printed"
        assert result.stderr.index("\nKeyError: ") < result.stderr.index("in report\n")


@pytest.mark.cold  # the interpreter's own words when the hook fails (tests/harness/warm.py)
def test_sys_excepthook_runs_after_the_context_is_gone(reader):
    result = reader.python("fix-callbacks/exit_report_broken.py", "crash")
    assert result.returncode == 1 and result.stdout == ""
    hook, original = result.stderr.split("\nOriginal exception was:\n")
    assert "Error in sys.excepthook:\nTraceback (most recent call last):\n" in hook
    assert DATABASE_CONTEXT_ERROR in hook
    assert "ValueError: bad input\n" in original
    # Python 3.11 leaves the hook's own line out of its traceback; 3.9 and 3.13 show it
    assert ("exit_report_broken.py" in hook) == (sys.version_info[:2] != (3, 11))
    if sys.version_info[:2] == (3, 11):
        assert_recorded("excepthook", result.stderr)


def test_wrapped_hooks_read_the_database_whenever_python_calls_them(reader):
    result = reader.python("fix-callbacks/exit_report.py")
    assert (result.returncode, result.stdout, normalise(result.stderr)) == (0, "0 users at exit\n", "")
    result = reader.python("fix-callbacks/exit_report.py", "crash")
    assert (result.returncode, normalise(result.stderr)) == (1, "")  # the hook replaced Python's report
    assert result.stdout == "crashed: bad input; 0 users\n0 users at exit\n"


LISTENERS = ["inbox_watcher_broken", "inbox_watcher", "signup_listener_broken", "signup_listener",
             "signup_loop_broken", "signup_loop", "exit_report_broken", "exit_report"]


@pytest.mark.parametrize("name", LISTENERS)
def test_importing_a_listener_script_starts_nothing(snippet, name):
    """A worker or a test can import the handlers: only `python <script>` starts listening."""
    snippet(f"fix-callbacks/{name}.py")
    before = threading.active_count()
    module = importlib.import_module(name)
    assert threading.active_count() == before and not hasattr(module, "app")


# -- The wrapper -------------------------------------------------------------------------------


def test_the_wrapper_gives_any_thread_a_context_and_leaves_none_behind(snippet):
    snippet("fix-callbacks/app_callbacks.py")
    from app_callbacks import with_app_context

    app = Flask("shop")
    seen = []

    def on_event(value):
        """A library's callback."""
        seen.append((current_app.name, value))
        return value * 2

    wrapped = with_app_context(app, on_event)
    assert (wrapped.__name__, wrapped.__doc__) == ("on_event", "A library's callback.")
    results = []
    thread = threading.Thread(target=lambda: results.append((wrapped(21), has_app_context())))
    thread.start()
    thread.join(10)
    assert seen == [("shop", 21)] and results == [(42, False)]  # the context is popped after the call


def test_an_async_callback_gets_an_async_wrapper_that_redis_asyncio_awaits_in_a_context(snippet, redis_url):
    """redis-py's asyncio client awaits a handler only when it is a coroutine function: a plain
    wrapper around an `async def` handler would be called and its coroutine never awaited (no
    error, the handler never runs). The wrapper for it is async, and the handler runs in the
    application's context, popped when it returns."""
    import asyncio
    import gc
    import inspect

    import redis.asyncio

    snippet("fix-callbacks/app_callbacks.py")
    from app_callbacks import with_app_context

    app = Flask("shop")
    seen = []

    async def on_signup(message):
        """A handler of the asyncio client's."""
        await asyncio.sleep(0)
        seen.append((current_app.name, message["data"]))

    wrapped = with_app_context(app, on_signup)
    assert inspect.iscoroutinefunction(wrapped) and wrapped.__doc__ == "A handler of the asyncio client's."

    async def listen(handler):
        client = redis.asyncio.Redis.from_url(redis_url, decode_responses=True)
        async with client.pubsub() as pubsub:
            await pubsub.subscribe(signups=handler)
            await client.publish("signups", "ada")
            for _ in range(20):
                await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.1)
                if seen:
                    break
        await client.aclose()
        return has_app_context()

    def plain_wrapper(message):
        with app.app_context():
            return on_signup(message)

    with pytest.warns(RuntimeWarning, match=r"coroutine '.*on_signup' was never awaited"):
        asyncio.run(listen(plain_wrapper))
        gc.collect()
    assert seen == []
    assert asyncio.run(listen(wrapped)) is False  # nothing left pushed in the loop's own context
    assert seen == [("shop", "ada")]


def test_a_library_that_holds_callbacks_weakly_drops_the_wrapper_unless_it_is_kept(snippet):
    """blinker's connect() keeps a weak reference by default: the wrapper, which nothing else
    holds, is gone before the first signal, and nothing runs, with no error. weak=False, or a
    variable that keeps the wrapper, and it runs in the application's context."""
    import gc

    from blinker import Signal

    snippet("fix-callbacks/app_callbacks.py")
    from app_callbacks import with_app_context

    app = Flask("shop")
    seen = []

    def on_order(sender, **extra):
        seen.append((current_app.name, sender))

    def send_from_a_thread(signal, sender):
        thread = threading.Thread(target=signal.send, args=(sender,))
        thread.start()
        thread.join(10)

    dropped = Signal()
    dropped.connect(with_app_context(app, on_order))
    gc.collect()
    send_from_a_thread(dropped, "dropped")
    assert seen == [] and not dropped.receivers

    strong = Signal()
    strong.connect(with_app_context(app, on_order), weak=False)
    kept = Signal()
    handler = with_app_context(app, on_order)
    kept.connect(handler)
    gc.collect()
    send_from_a_thread(strong, "weak=False")
    send_from_a_thread(kept, "kept")
    assert seen == [("shop", "weak=False"), ("shop", "kept")]


def test_a_context_of_the_request_s_own_environ_has_its_session():
    """What the page says of a library that hands a callback the environ of the request that
    started it (a websocket handler's ws.environ): that request, and its session."""
    from flask import request, session

    app = Flask(__name__)
    app.secret_key = "test"
    handed_over = {}

    @app.post("/login")
    def login():
        session["user"] = "ada"
        return ""

    @app.get("/socket")
    def socket():
        handed_over["environ"] = request.environ  # what the library keeps for its handler
        return ""

    client = app.test_client()
    client.post("/login")
    client.get("/socket")
    with app.request_context(handed_over["environ"]):  # later, in the library's handler
        assert (request.path, session.get("user")) == ("/socket", "ada")
    with app.test_request_context():
        assert session.get("user") is None
