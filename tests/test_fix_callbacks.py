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

from support import DATABASE_CONTEXT_ERROR, SNIPPETS, assert_recorded, server, user_names, wait_for


def start(snippet, tmp_path, database_url, name, *args, env=None):
    """The snippet as `python <file> <args>`, in tmp_path, stopped with Ctrl+C; its output goes
    to tmp_path/<name>.log."""
    command = [sys.executable, str(snippet(f"fix-callbacks/{name}.py")), *args]
    environment = {**os.environ, "PYTHONPATH": str(SNIPPETS), "DATABASE_URL": database_url, **(env or {})}
    log = tmp_path / f"{name}.log"
    return server(command, tmp_path, environment, log, signal.SIGINT), log


def thread_error_in(log):
    """The log once it shows a thread's traceback through to the error's last line."""
    text = log.read_text()
    return text if "Exception in thread" in text and DATABASE_CONTEXT_ERROR.splitlines()[-1] in text else None


# -- watchdog: a handler for new files -----------------------------------------------------------


def watch_inbox(snippet, tmp_path, database_url, name, until):
    """Run the watcher script on tmp_path/inbox; drop a file that is not CSV, which the handler
    leaves alone, then a CSV file that appears whole, as a finished upload or a copy does (a hard
    link: one creation event, the content already there). Waits for `until(log)`, stops the
    script with Ctrl+C; returns (what `until` returned, the script's exit status)."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    process, log = start(snippet, tmp_path, database_url, name, str(inbox))
    with process as watcher:
        wait_for(lambda: "watching" in log.read_text())
        (inbox / "notes.txt").write_text("not a list of users\n")
        (tmp_path / "users.csv").write_text("ada\ngrace\n")
        os.link(tmp_path / "users.csv", inbox / "users.csv")
        found = wait_for(lambda: until(log))
        assert watcher.poll() is None  # still watching, whatever happened in its observer thread
    return found, watcher.returncode


def test_a_watchdog_handler_runs_without_a_context(snippet, tmp_path, database_url):
    text, status = watch_inbox(snippet, tmp_path, database_url, "inbox_watcher_broken", thread_error_in)
    assert status == 0  # Ctrl+C
    assert "in on_created\n" in text and "watchdog/observers/api.py" in text
    assert_recorded("watchdog", text)
    assert user_names(tmp_path / "app.db") == []


def test_a_handler_that_keeps_the_app_imports_the_file(snippet, tmp_path, database_url):
    def imported(log):
        text = log.read_text()
        return "imported" in text and text

    text, status = watch_inbox(snippet, tmp_path, database_url, "inbox_watcher", imported)
    assert status == 0 and "Traceback" not in text
    assert text.count("imported") == 1  # the CSV file only
    assert user_names(tmp_path / "app.db") == ["ada", "grace"]


# -- redis-py: a subscriber's message handler --------------------------------------------------


def publish_once_subscribed(redis_url, name):
    client = redis.Redis.from_url(redis_url)
    wait_for(lambda: dict(client.pubsub_numsub("signups")).get(b"signups"))
    assert client.publish("signups", name) == 1


def test_a_redis_message_handler_runs_without_a_context(snippet, tmp_path, database_url, redis_url):
    process, log = start(snippet, tmp_path, database_url, "signup_listener_broken", env={"REDIS_URL": redis_url})
    with process as listener:
        wait_for(lambda: "listening" in log.read_text())
        publish_once_subscribed(redis_url, "ada")
        text = wait_for(lambda: thread_error_in(log))
        assert listener.poll() is None  # the script goes on, without its listening thread
    assert listener.returncode == 0  # Ctrl+C
    assert "in on_signup\n" in text and "redis/client.py" in text
    assert_recorded("redis_pubsub", text)
    assert user_names(tmp_path / "app.db") == []


def test_a_wrapped_redis_handler_adds_the_user(snippet, tmp_path, database_url, redis_url):
    process, log = start(snippet, tmp_path, database_url, "signup_listener", env={"REDIS_URL": redis_url})
    with process as listener:
        wait_for(lambda: "listening" in log.read_text())
        publish_once_subscribed(redis_url, "ada")
        wait_for(lambda: "added ada" in log.read_text())
    assert listener.returncode == 0 and "Traceback" not in log.read_text()
    assert user_names(tmp_path / "app.db") == ["ada"]


@pytest.mark.parametrize("name", ["inbox_watcher_broken", "inbox_watcher", "signup_listener_broken", "signup_listener"])
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
