"""APScheduler jobs: the job gets no context from the scheduler; the fixed job pushes one.

Each test imports the snippet afresh, so it gets its own module-level scheduler: APScheduler
empties its in-memory job store on shutdown, so a scheduler cannot be started twice.
"""

import importlib
import queue
import sys
import threading
from contextlib import contextmanager
from datetime import datetime
import warnings

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
from support import DATABASE_CONTEXT_ERROR, FLASK_VERSION, first_line, user_names

from myapp import db
from myapp.models import User


NAMES = ["ada", "guest-1", "guest-2"]


@pytest.fixture
def app(app):
    """The shared myapp, with a user and two guest accounts."""
    with app.app_context():
        db.session.add_all([User(name=name) for name in NAMES])
        db.session.commit()
    return app


@pytest.fixture
def fresh():
    """Import a snippet module anew: a new module-level scheduler with its jobs."""

    def load(name):
        sys.modules.pop(name, None)
        return importlib.import_module(name)

    return load


@contextmanager
def running(module, app):
    """The snippet's own init_scheduler(app), and a shutdown whatever happens."""
    module.init_scheduler(app)
    try:
        assert module.scheduler.running
        yield module.scheduler
    finally:
        module.scheduler.shutdown()


def fire_now(scheduler, job_id="cleanup"):
    """Have the running scheduler fire the job now, in its own thread; return the job's event."""
    events = queue.Queue()
    scheduler.add_listener(events.put, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    scheduler.modify_job(job_id, next_run_time=datetime.now())
    return events.get(timeout=10)  # a deadline, not a sleep


# -- The broken job --------------------------------------------------------------------------


def test_scheduler_app_is_set_by_init_app(fresh, app):
    module = fresh("scheduler_fixed")
    assert module.scheduler.app is None
    module.scheduler.init_app(app)
    assert module.scheduler.app is app


def test_broken_job_raises_when_run_now(fresh, app, tmp_path):
    module = fresh("scheduler_broken")
    with running(module, app) as scheduler:
        # init_app stored the app, but pushed no context, even in this thread
        with pytest.raises(RuntimeError) as raised:
            scheduler.run_job("cleanup")
    assert first_line(raised.value) == DATABASE_CONTEXT_ERROR
    assert user_names(tmp_path / "app.db") == NAMES


def test_broken_job_fired_by_the_scheduler_only_logs_the_error(fresh, app, tmp_path, caplog):
    module = fresh("scheduler_broken")
    with running(module, app) as scheduler:
        event = fire_now(scheduler)  # nothing is raised here
        assert scheduler.get_job("cleanup").next_run_time is not None  # still scheduled
    assert event.code == EVENT_JOB_ERROR
    assert first_line(event.exception) == DATABASE_CONTEXT_ERROR
    [record] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert record.name == "apscheduler.executors.default"
    assert record.getMessage().startswith("Job \"cleanup (trigger: cron[hour='2'], next run at: ")
    assert record.getMessage().endswith(" raised an exception")
    assert record.exc_info[1] is event.exception
    assert record.thread != threading.get_ident()  # a thread of the scheduler's pool
    assert user_names(tmp_path / "app.db") == NAMES


# -- The fixed job ---------------------------------------------------------------------------


def test_fixed_job_run_now_deletes_the_guests(fresh, app, tmp_path):
    module = fresh("scheduler_fixed")
    with running(module, app) as scheduler:
        scheduler.run_job("cleanup")
    assert user_names(tmp_path / "app.db") == ["ada"]


def test_fixed_job_fired_by_the_scheduler_deletes_the_guests(fresh, app, tmp_path):
    module = fresh("scheduler_fixed")
    with running(module, app) as scheduler:
        event = fire_now(scheduler)
    assert (event.code, event.exception) == (EVENT_JOB_EXECUTED, None)
    assert user_names(tmp_path / "app.db") == ["ada"]


def test_job_without_init_app_has_no_app(fresh):
    module = fresh("scheduler_fixed")
    with pytest.raises(AttributeError) as raised:
        module.scheduler.run_job("cleanup")
    assert str(raised.value) == "'NoneType' object has no attribute 'app_context'"


# The environment, and whether Flask-APScheduler's start() then starts the scheduler.
DEBUG_ENVIRONMENTS = {
    "FLASK_DEBUG=1": ({"FLASK_DEBUG": "1"}, False),
    "FLASK_DEBUG=true": ({"FLASK_DEBUG": "true"}, False),
    "FLASK_DEBUG=yes": ({"FLASK_DEBUG": "yes"}, False),
    "FLASK_DEBUG=0": ({"FLASK_DEBUG": "0"}, True),
    "FLASK_DEBUG=false": ({"FLASK_DEBUG": "false"}, True),
    "FLASK_DEBUG=no": ({"FLASK_DEBUG": "no"}, True),
    # FLASK_ENV turned debug mode on up to Flask 2.2; 2.3 removed it
    "FLASK_ENV=development": ({"FLASK_ENV": "development"}, FLASK_VERSION >= (2, 3)),
}


@pytest.mark.parametrize("environment", DEBUG_ENVIRONMENTS)
def test_start_does_nothing_in_debug_mode(fresh, app, monkeypatch, environment):
    variables, starts = DEBUG_ENVIRONMENTS[environment]
    for name in ("FLASK_DEBUG", "FLASK_ENV", "WERKZEUG_RUN_MAIN"):  # not the reloader's child
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    module = fresh("scheduler_fixed")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # Flask 2.2 warns about FLASK_ENV
        module.init_scheduler(app)  # no error, no warning
    try:
        assert module.scheduler.running is starts
    finally:
        if module.scheduler.running:
            module.scheduler.shutdown()


# -- Plain APScheduler -----------------------------------------------------------------------


def test_plain_apscheduler_job_fired_with_the_app_deletes_the_guests(fresh, app, tmp_path):
    module = fresh("scheduler_plain")
    scheduler = module.start_scheduler(app)
    try:
        event = fire_now(scheduler)
    finally:
        scheduler.shutdown()
    assert (event.code, event.exception) == (EVENT_JOB_EXECUTED, None)
    assert user_names(tmp_path / "app.db") == ["ada"]
