"""APScheduler jobs: the job gets no context from the scheduler; the fixed job pushes one.

Each test imports the snippet afresh, so it gets its own module-level scheduler: APScheduler
empties its in-memory job store on shutdown, so a scheduler cannot be started twice.
"""

import contextlib
import logging
import queue
import re
import signal
import sys
import threading
import time
import warnings
from contextlib import contextmanager
from datetime import datetime

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED

from harness.apps import add_users, user_names
from harness.flask_lines import (
    DATABASE_CONTEXT_ERROR,
    FLASK_VERSION,
    REQUEST_ERROR_IN_APP_CONTEXT,
    first_line,
)
from harness.recordings import assert_recorded
from harness.servers import UWSGI_VERSION, gunicorn_command, uwsgi_command, wait_for

NAMES = ["ada", "guest-1", "guest-2"]


@pytest.fixture
def guests(app):
    """The shared myapp's database with a user and two guest accounts."""
    add_users(app, *NAMES)


def test_plain_apscheduler_has_no_app_so_the_job_is_given_it(app, guests, tmp_path):
    """The page: plain APScheduler keeps no application; a job given the app pushes its context."""
    from apscheduler.schedulers.background import BackgroundScheduler
    from sqlalchemy import select

    from myapp import db
    from myapp.models import User

    def cleanup(app):
        with app.app_context():
            for user in db.session.scalars(select(User).where(User.name.startswith("guest-"))):
                db.session.delete(user)
            db.session.commit()

    scheduler = BackgroundScheduler()
    assert not hasattr(scheduler, "init_app") and not hasattr(scheduler, "app")
    ran = threading.Event()
    scheduler.add_listener(lambda event: ran.set(), EVENT_JOB_EXECUTED)
    scheduler.add_job(cleanup, args=[app])  # no trigger: it runs at once
    scheduler.start()
    try:
        assert ran.wait(10)
    finally:
        scheduler.shutdown()
    assert user_names(tmp_path / "app.db") == ["ada"]


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


def test_scheduler_app_is_set_by_init_app(reader, app, guests):
    module = reader.load("scheduler_fixed")
    assert module.scheduler.app is None
    module.scheduler.init_app(app)
    assert module.scheduler.app is app


def test_broken_job_raises_when_run_now(reader, app, guests, tmp_path):
    module = reader.load("scheduler_broken")
    with running(module, app) as scheduler:
        # init_app stored the app, but pushed no context, even in this thread
        with pytest.raises(RuntimeError) as raised:
            scheduler.run_job("cleanup")
    assert first_line(raised.value) == DATABASE_CONTEXT_ERROR
    assert user_names(tmp_path / "app.db") == NAMES


def test_broken_job_run_now_passes_in_a_thread_with_a_context(reader, app, guests):
    """The page's caveat: run_job() uses the caller's context, so a test that pushed one passes."""
    module = reader.load("scheduler_broken")
    with running(module, app) as scheduler, app.app_context():
        scheduler.run_job("cleanup")  # no error: the job found the test's context


def test_broken_job_fired_by_the_scheduler_only_logs_the_error(reader, app, guests, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="apscheduler")  # the executor's line before each run
    module = reader.load("scheduler_broken")
    with running(module, app) as scheduler:
        event = fire_now(scheduler)  # nothing is raised here
        assert scheduler.get_job("cleanup").next_run_time is not None  # still scheduled
    assert event.code == EVENT_JOB_ERROR
    assert first_line(event.exception) == DATABASE_CONTEXT_ERROR
    # what the traceback finder reads in a log whose job logged the error itself, with no traceback
    assert any(r.getMessage().startswith('Running job "cleanup (trigger: ') for r in caplog.records)
    [record] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert record.name == "apscheduler.executors.default"
    assert record.getMessage().startswith("Job \"cleanup (trigger: cron[hour='2'], next run at: ")
    assert record.getMessage().endswith(" raised an exception")
    assert record.exc_info[1] is event.exception
    assert record.thread != threading.get_ident()  # a thread of the scheduler's pool
    assert_recorded("apscheduler", logging.Formatter(logging.BASIC_FORMAT).format(record))  # basicConfig()'s
    assert user_names(tmp_path / "app.db") == NAMES


# -- The fixed job ---------------------------------------------------------------------------


def test_fixed_job_run_now_deletes_the_guests(reader, app, guests, tmp_path):
    module = reader.load("scheduler_fixed")
    with running(module, app) as scheduler:
        scheduler.run_job("cleanup")
    assert user_names(tmp_path / "app.db") == ["ada"]


def test_fixed_job_fired_by_the_scheduler_deletes_the_guests(reader, app, guests, tmp_path):
    module = reader.load("scheduler_fixed")
    with running(module, app) as scheduler:
        event = fire_now(scheduler)
    assert (event.code, event.exception) == (EVENT_JOB_EXECUTED, None)
    assert user_names(tmp_path / "app.db") == ["ada"]


def test_a_job_whose_code_reads_the_request_needs_a_made_up_one(reader, app, guests, tmp_path):
    """The page: code that reads `request` still fails in the job's application context;
    `test_request_context()` in its place gives it a request, and the application's context too."""
    from flask import request
    from sqlalchemy import select

    from myapp import db
    from myapp.models import User

    module = reader.load("scheduler_fixed")
    links = []

    def send_links(context):
        with context:
            links.append(request.host_url)  # what code that builds links to the site reads
            db.session.delete(db.session.scalars(select(User).filter_by(name="guest-1")).one())
            db.session.commit()

    with running(module, app) as scheduler:
        made = scheduler.app  # what the page's job pushes its context from
        scheduler.add_job(id="app", func=lambda: send_links(made.app_context()), trigger="interval", hours=1)
        scheduler.add_job(
            id="request",
            func=lambda: send_links(made.test_request_context(base_url="https://shop.example")),
            trigger="interval",
            hours=1,
        )
        failed = fire_now(scheduler, "app")
        assert (failed.code, first_line(failed.exception)) == (EVENT_JOB_ERROR, REQUEST_ERROR_IN_APP_CONTEXT)
        worked = fire_now(scheduler, "request")
        assert (worked.code, worked.exception) == (EVENT_JOB_EXECUTED, None)
    assert links == ["https://shop.example/"]
    assert user_names(tmp_path / "app.db") == ["ada", "guest-2"]


def test_job_without_init_app_has_no_app(reader):
    module = reader.load("scheduler_fixed")
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
    "FLASK_DEBUG= (empty)": ({"FLASK_DEBUG": ""}, True),
    # FLASK_ENV turned debug mode on up to Flask 2.2; 2.3 removed it
    "FLASK_ENV=development": ({"FLASK_ENV": "development"}, FLASK_VERSION >= (2, 3)),
}


def test_init_scheduler_starts_once_per_process(reader, app):
    """A second application of the same process (a test suite's create_app() for each test)
    cannot start the module's scheduler again: the page says to call it once per process."""
    from apscheduler.schedulers import SchedulerAlreadyRunningError

    module = reader.load("scheduler_fixed")
    with running(module, app):
        with pytest.raises(SchedulerAlreadyRunningError, match="^Scheduler is already running$"):
            module.init_scheduler(app)


@pytest.mark.parametrize("environment", DEBUG_ENVIRONMENTS)
def test_start_does_nothing_in_debug_mode(reader, app, guests, monkeypatch, environment):
    variables, starts = DEBUG_ENVIRONMENTS[environment]
    for name in ("FLASK_DEBUG", "FLASK_ENV", "WERKZEUG_RUN_MAIN"):  # not the reloader's child
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    module = reader.load("scheduler_fixed")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # Flask 2.2 warns about FLASK_ENV
        module.init_scheduler(app)  # no error, no warning
    try:
        assert module.scheduler.running is starts
    finally:
        if module.scheduler.running:
            module.scheduler.shutdown()


# -- Plain APScheduler -----------------------------------------------------------------------


def assert_fired_once_the_guests_go(scheduler, database):
    """Fire the started scheduler's job now, shut the scheduler down: the job ran, and only ada
    is left."""
    try:
        event = fire_now(scheduler)
    finally:
        scheduler.shutdown()
    assert (event.code, event.exception) == (EVENT_JOB_EXECUTED, None)
    assert user_names(database) == ["ada"]


def test_plain_apscheduler_job_fired_with_the_app_deletes_the_guests(reader, app, guests, tmp_path):
    module = reader.load("scheduler_plain")
    assert_fired_once_the_guests_go(module.start_scheduler(app), tmp_path / "app.db")


def test_plain_apscheduler_job_run_now_through_get_job(reader, app, guests, tmp_path):
    """The page's way to run a plain APScheduler job at once, which has no run_job(): its
    function, called with its arguments, in this thread."""
    module = reader.load("scheduler_plain")
    scheduler = module.start_scheduler(app)
    try:
        assert not hasattr(scheduler, "run_job")
        job = scheduler.get_job("cleanup")
        job.func(*job.args, **job.kwargs)
    finally:
        scheduler.shutdown()
    assert user_names(tmp_path / "app.db") == ["ada"]


# A job store that saves the jobs pickles their arguments, and an application cannot be pickled.
UNPICKLABLE_APP = re.compile(r"Can't (pickle|get) local object 'Flask.__init__.<locals>.<lambda>'")


def test_a_job_store_that_saves_the_jobs_cannot_keep_the_app(reader, app, tmp_path):
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    module = reader.load("scheduler_plain")
    scheduler = BackgroundScheduler(jobstores={"default": SQLAlchemyJobStore(url=f"sqlite:///{tmp_path / 'jobs.db'}")})
    scheduler.add_job(module.cleanup, "cron", id="cleanup", hour=2, args=[app])  # as scheduler_plain does
    try:
        with pytest.raises(AttributeError, match=UNPICKLABLE_APP):
            scheduler.start()  # the pending job goes into the store now
    finally:
        if scheduler.running:
            scheduler.shutdown()


def test_a_saved_job_finds_the_app_in_its_module(reader, app, guests, tmp_path):
    module = reader.load("scheduler_plain_stored")
    jobs_url = f"sqlite:///{tmp_path / 'jobs.db'}"
    assert_fired_once_the_guests_go(module.start_scheduler(app, jobs_url), tmp_path / "app.db")
    scheduler = module.start_scheduler(app, jobs_url)  # a restart finds the saved job, and replaces it
    try:
        assert [job.id for job in scheduler.get_jobs()] == ["cleanup"]
    finally:
        scheduler.shutdown()


# -- gunicorn and uWSGI: one scheduler per process -------------------------------------------

# Imported by the servers before the snippet: the nightly job falls due a few seconds after
# start-up, and every run of it appends the pid of the process that ran it to a file.
JOB_PROBE = '''\
import os
from datetime import datetime, timedelta

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
from scheduler_fixed import scheduler


def record(event):
    with open(os.environ["JOB_RUNS"], "a") as runs:
        runs.write(f"{os.getpid()} {event.exception!r}\\n")


scheduler.add_listener(record, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
scheduler.modify_job("cleanup", next_run_time=datetime.now() + timedelta(seconds=JOB_DUE_IN))
'''
JOB_DUE_IN = 2  # seconds after the import: the workers are up by then
UWSGI_THREADS_DISABLED = "*** Python threads support is disabled. You can enable it with --enable-threads ***"
needs_uwsgi = pytest.mark.skipif(UWSGI_VERSION is None, reason="uWSGI is not installed")


def with_probe(tmp_path):
    """What a process needs to import job_probe (the scratch folder on its path) and where the
    probe writes the job's runs: Reader.start() options."""
    return {"path": [tmp_path], "env": {"JOB_RUNS": str(tmp_path / "runs")}}


@pytest.fixture
def serve_scheduler(reader, app, guests, tmp_path):
    """Serve the app module `name` with a real server; return the server's pid, the pids the
    job ran in (one per run, whether it succeeded or not) and the server's log."""
    (tmp_path / "job_probe.py").write_text(JOB_PROBE.replace("JOB_DUE_IN", str(JOB_DUE_IN)))
    runs = tmp_path / "runs"

    def serve(name, command, expected_runs, stop_signal=signal.SIGTERM, *, also=None):
        (tmp_path / "served.py").write_text(f"import job_probe\nfrom {name} import app\n")
        with reader.serve(command, stop=stop_signal, **with_probe(tmp_path)) as process:
            if also:
                also()
            if expected_runs:
                wait_for(lambda: runs.exists() and len(runs.read_text().splitlines()) >= expected_runs)
            time.sleep(1 if expected_runs else JOB_DUE_IN + 1)  # the others were due then too
            lines = runs.read_text().splitlines() if runs.exists() else []
        if expected_runs == 1:
            assert lines[0].endswith(" None"), lines  # the one run succeeded
        # Runs at the same time in several workers may trip over each other in the database:
        # each of them counts as a run.
        return process.pid, [int(line.split()[0]) for line in lines], process.output()

    return serve


def worker_pids(log, pattern):
    return {int(pid) for pid in re.findall(pattern, log)}


GUNICORN_WORKER = r"Booting worker with pid: (\d+)"
UWSGI_WORKER = r"spawned uWSGI worker \d+ \(pid: (\d+)"


def test_gunicorn_runs_the_job_once_in_every_worker(serve_scheduler, tmp_path):
    master, runs, log = serve_scheduler("scheduler_wsgi_broken", gunicorn_command("--workers", "2"), 2)
    assert len(runs) == 2
    assert set(runs) == worker_pids(log, GUNICORN_WORKER)  # two workers, two runs
    assert master not in runs
    assert user_names(tmp_path / "app.db") == ["ada"]


def test_gunicorn_preload_runs_the_job_in_the_master_only(serve_scheduler):
    master, runs, log = serve_scheduler("scheduler_wsgi_broken", gunicorn_command("--workers", "2", "--preload"), 1)
    assert runs == [master]
    assert len(worker_pids(log, GUNICORN_WORKER)) == 2


def test_gunicorn_with_one_worker_runs_the_job_once(serve_scheduler):
    master, runs, log = serve_scheduler("scheduler_wsgi_broken", gunicorn_command("--workers", "1"), 1)
    assert runs == list(worker_pids(log, GUNICORN_WORKER))


@needs_uwsgi
def test_uwsgi_runs_the_job_in_the_master_only(serve_scheduler):
    # uWSGI loads the app once, in the master, and then forks the workers.
    master, runs, log = serve_scheduler("scheduler_wsgi_broken", uwsgi_command("--enable-threads"), 1, signal.SIGKILL)
    assert runs == [master]
    assert len(worker_pids(log, UWSGI_WORKER)) == 2


@needs_uwsgi
def test_uwsgi_without_a_master_runs_the_job_in_its_first_worker_only(serve_scheduler):
    # The first process is a worker: it loads the app, then forks the second.
    first, runs, log = serve_scheduler(
        "scheduler_wsgi_broken", uwsgi_command("--enable-threads", master=False), 1, signal.SIGKILL
    )
    assert runs == [first]
    assert len(worker_pids(log, UWSGI_WORKER)) == 2


@needs_uwsgi
def test_uwsgi_lazy_apps_runs_the_job_once_in_every_worker(serve_scheduler):
    options = uwsgi_command("--lazy-apps", "--enable-threads")
    master, runs, log = serve_scheduler("scheduler_wsgi_broken", options, 2, signal.SIGKILL)
    assert sorted(runs) == sorted(worker_pids(log, UWSGI_WORKER))
    assert master not in runs


@needs_uwsgi
def test_uwsgi_threads_need_enable_threads_before_2_0_27(serve_scheduler, snippet):
    error = snippet("fix-apscheduler/scheduler_uwsgi_error.txt").read_text(encoding="utf-8")
    if UWSGI_VERSION >= (2, 0, 27):  # threads are on by default; --enable-threads is a no-op
        master, runs, log = serve_scheduler("scheduler_wsgi_broken", uwsgi_command("--lazy-apps"), 2, signal.SIGKILL)
        assert "python threads support enabled\n" in log
        assert len(runs) == 2
    else:
        master, runs, log = serve_scheduler("scheduler_wsgi_broken", uwsgi_command("--lazy-apps"), 0, signal.SIGKILL)
        assert UWSGI_THREADS_DISABLED in log
        assert log.count(error) == 2  # each worker's scheduler refused to start
        assert "unable to load app 0" in log  # and with it, the import of the application
        assert runs == []


def test_scheduler_in_a_process_of_its_own_runs_the_job_once(serve_scheduler, reader, tmp_path):
    script = reader.snippet("fix-apscheduler/scheduler_process.py")
    # `python scheduler_process.py`, with the probe imported first
    starter = f"import job_probe, runpy; runpy.run_path({str(script)!r}, run_name='__main__')"
    processes = []

    with contextlib.ExitStack() as running:
        def start_the_scheduler_process():
            # stopped with Ctrl+C once the block ends: the script shuts the scheduler down
            processes.append(running.enter_context(reader.start(
                [sys.executable, "-c", starter], log="scheduler.log", stop=signal.SIGINT, **with_probe(tmp_path)
            )))

        master, runs, log = serve_scheduler(
            "scheduler_wsgi_fixed", gunicorn_command("--workers", "2"), 1, also=start_the_scheduler_process
        )
    assert processes[0].returncode == 0, processes[0].output()
    assert runs == [processes[0].pid]  # not in the two web workers


def test_the_web_app_alone_starts_no_scheduler(reader):
    from scheduler_fixed import scheduler

    reader.load("scheduler_wsgi_fixed")
    reader.load("scheduler_process")  # imported, not run: it starts nothing either
    assert not scheduler.running
