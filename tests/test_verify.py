"""The verify page: checks that prove a context is live, and where a failure shows up when it
happens away from the caller (threads, Celery, APScheduler)."""

import datetime
import logging
import threading

import pytest
import sqlalchemy.exc
from flask import Flask, current_app, has_app_context, has_request_context, request
from sqlalchemy import func, select

from harness.flask_lines import (
    APP_CONTEXT_ERROR,
    REQUEST_ERROR_IN_APP_CONTEXT,
    first_line,
    for_this_flask,
    warned_as_its_flask_sqlalchemy_does,
)
from harness.project import console_runs


@pytest.fixture
def myapp(database_url):
    import myapp
    from myapp.models import User

    # Flask-SQLAlchemy 2.5 warns unless SQLALCHEMY_TRACK_MODIFICATIONS is set.
    config = {"SQLALCHEMY_DATABASE_URI": database_url, "SQLALCHEMY_TRACK_MODIFICATIONS": False}
    return myapp.create_app(config), myapp.db, User, config


# -- Confirm the context is live -------------------------------------------------------------


def test_checks_print_a_live_context(reader, snippet, tmp_path):
    [(command, output)] = console_runs(snippet("verify/verify_context.console"))
    assert command == "python verify_context.py"
    result = reader.python("verify/verify_context.py")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == output
    assert (tmp_path / "app.db").is_file()  # the query really reached the database
    # the page: Flask-SQLAlchemy 2.5 also warns about a setting the sample app leaves unset
    assert warned_as_its_flask_sqlalchemy_does(result.stderr)


def test_has_app_context_never_raises():
    assert has_app_context() is False
    assert has_request_context() is False
    with pytest.raises(RuntimeError) as raised:
        current_app.name
    assert first_line(raised.value) == APP_CONTEXT_ERROR


def test_in_a_request_both_contexts_are_active():
    app = Flask(__name__)
    with app.test_request_context("/"):
        assert has_app_context() and has_request_context()
        assert current_app._get_current_object() is app


def test_an_app_context_alone_has_no_request():
    app = Flask(__name__)
    with app.app_context():
        assert has_app_context() and not has_request_context()
        with pytest.raises(RuntimeError) as raised:
            request.path
    assert f"RuntimeError: {raised.value}".splitlines()[0] == REQUEST_ERROR_IN_APP_CONTEXT


def test_current_app_is_a_proxy_not_the_app():
    app = Flask(__name__)
    with app.app_context():
        assert current_app is not app
        assert current_app._get_current_object() is app


def test_current_app_is_not_app_in_a_second_apps_context(myapp):
    app, _, _, config = myapp
    from myapp import create_app

    with create_app(config).app_context():  # a second call makes a second app object
        assert has_app_context()
        assert current_app._get_current_object() is not app


def test_a_query_on_a_new_database_fails_until_tables_exist(myapp):
    app, db, User, _ = myapp
    count = select(func.count()).select_from(User)
    with app.app_context():
        with pytest.raises(sqlalchemy.exc.OperationalError) as raised:
            db.session.scalar(count)
        assert str(raised.value).startswith("(sqlite3.OperationalError) no such table: user\n")
        db.session.rollback()
        db.create_all()
        assert db.session.scalar(count) == 0
        db.session.add(User(name="ada"))
        db.session.commit()
        db.create_all()  # existing tables and their rows are left alone
        assert db.session.scalar(count) == 1


# -- Errors that never reach the caller ------------------------------------------------------


THREAD_SCRIPT = """\
import threading
from flask import Flask, current_app

app = Flask(__name__)
thread = threading.Thread(target=lambda: print(current_app.name))
thread.start()
thread.join()
print("main thread carried on")
"""


def test_a_thread_failure_is_printed_and_the_exit_code_stays_0(reader):
    result = reader.script("background.py", THREAD_SCRIPT)
    assert result.returncode == 0
    assert result.stdout == "main thread carried on\n"
    assert result.stderr.startswith("Exception in thread")
    assert APP_CONTEXT_ERROR in result.stderr.splitlines()


THREAD_TEST = """\
import threading
from flask import Flask, current_app


def test_background_work():
    app = Flask(__name__)
    thread = threading.Thread(target=lambda: current_app.name)
    thread.start()
    thread.join()
"""


def test_a_thread_failure_passes_a_test_unless_the_warning_is_an_error(pytester, snippet):
    pytester.makepyfile(test_background=THREAD_TEST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines(["*PytestUnhandledThreadExceptionWarning*"])

    pytester.makefile(".toml", pyproject=snippet("verify/verify_pyproject.toml").read_text())
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"E * {APP_CONTEXT_ERROR}"])


@pytest.fixture
def celery_app():
    celery = pytest.importorskip("celery", reason="Celery is not installed on this line")
    return celery.Celery("verify", broker="memory://", backend="cache+memory://")


def test_celery_delay_returns_and_get_raises(celery_app, capfd):
    from celery.contrib.testing.worker import start_worker

    @celery_app.task
    def app_name():
        return current_app.name

    with start_worker(celery_app, pool="solo", perform_ping_check=False):
        result = app_name.delay()  # no error here: the task runs in the worker
        with pytest.raises(RuntimeError) as raised:
            result.get(timeout=10)
    assert first_line(raised.value) == APP_CONTEXT_ERROR
    assert result.state == "FAILURE"
    worker_log = capfd.readouterr().err  # the worker logs the failure to stderr
    # the log shows the exception's repr: Flask 3.2's message has quotes, so repr() uses "
    quote = for_this_flask({(2, 0): "'", (3, 2): '"'})
    assert f"raised unexpected: RuntimeError({quote}Working outside of application context." in worker_log


@pytest.fixture
def scheduler():
    flask_apscheduler = pytest.importorskip(
        "flask_apscheduler", reason="Flask-APScheduler is not installed on this line"
    )
    app = Flask(__name__)
    scheduler = flask_apscheduler.APScheduler()
    scheduler.init_app(app)

    @scheduler.task("interval", id="report", hours=1)
    def report():
        return current_app.name

    yield scheduler
    if scheduler.running:
        scheduler.shutdown()


def test_run_job_runs_the_job_in_the_caller_and_raises(scheduler):
    with pytest.raises(RuntimeError) as raised:
        scheduler.run_job("report")
    assert first_line(raised.value) == APP_CONTEXT_ERROR


def test_a_fired_job_only_logs_and_emits_an_error_event(scheduler, caplog):
    from apscheduler.events import EVENT_JOB_ERROR

    failed = threading.Event()
    scheduler.add_listener(lambda event: failed.set(), EVENT_JOB_ERROR)
    scheduler.start()
    scheduler.modify_job("report", next_run_time=datetime.datetime.now())  # fire it now
    assert failed.wait(10)
    scheduler.shutdown()  # waits for the job's thread to finish
    logged = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert logged[0].name == "apscheduler.executors.default"
    assert logged[0].getMessage().endswith("raised an exception")
    assert first_line(logged[0].exc_info[1]) == APP_CONTEXT_ERROR
