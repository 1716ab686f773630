"""RQ, Huey and Dramatiq: a job fails in a real worker without a context; the worker class,
the Huey subclass and the Dramatiq middleware give every job one.

Each test runs the reader's command as a real process: `rq worker` and `dramatiq` against the
session's redis-server (tests/conftest.py), `huey_consumer` on a SQLite file.
"""

import shlex
import sys
import time

import pytest

from harness.apps import user_names
from harness.flask_lines import APP_CONTEXT_ERROR, DATABASE_CONTEXT_ERROR, installed
from harness.output import assert_shows
from harness.project import SNIPPETS, console_runs
from harness.reader import tool
from harness.recordings import assert_recorded
from harness.servers import free_port

PAGE = SNIPPETS / "fix-task-queues"


@pytest.fixture
def queues_env(tmp_path, database_url, redis_url, monkeypatch):
    """What the reader's worker sees besides the reader's environment (tests/harness/reader.py),
    which has the snippets importable and DATABASE_URL: the SQLite file with its tables, the
    test's Redis (REDIS_URL, for the snippets and for `rq worker`). This process, which
    sends the jobs, gets DATABASE_URL and REDIS_URL too."""
    from myapp import create_app, db
    from myapp.models import User  # noqa: F401 (create_all makes the tables it knows)

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    for key, value in (("DATABASE_URL", database_url), ("REDIS_URL", redis_url)):
        monkeypatch.setenv(key, value)
    return {
        "REDIS_URL": redis_url,  # `rq worker` reads it too (the page says so): no RQ_REDIS_URL
        # Dramatiq's Prometheus middleware serves its metrics on 0.0.0.0:9191 unless told
        # otherwise: a port of this test's own, on the loopback, so two workers never collide
        "dramatiq_prom_host": "127.0.0.1",
        "dramatiq_prom_port": str(free_port()),
        "dramatiq_prom_db": str(tmp_path / "dramatiq-prometheus"),
    }


def command(snippet, name):
    """The command a .console snippet runs, with the tool's path in this environment."""
    [(line, shown)] = console_runs(snippet(f"fix-task-queues/{name}"))
    argv = shlex.split(line)
    argv[0] = tool(argv[0])
    return argv, shown


def assert_shown(shown, output):
    """The output reads as the page shows it (Flask-SQLAlchemy 2.5 words the error its own way)."""
    assert_shows(shown.replace(APP_CONTEXT_ERROR, DATABASE_CONTEXT_ERROR), output)


def assert_worker_outcome(name, output, shown, database, broken):
    """The worker's output shows what the page shows; the broken job failed with the database
    error (and reads as its recording) and wrote nothing, the fixed one wrote its user."""
    assert_shown(shown, output)
    if broken:
        assert DATABASE_CONTEXT_ERROR in output
        assert_recorded(name, output)
        assert user_names(database) == []
    else:
        assert "Traceback" not in output, output
        assert user_names(database) == ["ada"]


# -- RQ ----------------------------------------------------------------------------------------


def run_rq(reader, console, env):
    argv, shown = command(reader.snippet, console)
    return reader.run(argv, path=[PAGE], env=env), shown


def test_rq_job_fails_in_a_plain_worker(reader, queues_env, tmp_path):
    from rq_jobs import add_user, queue

    job = queue.enqueue(add_user, "ada")  # queuing works: the error is in the worker
    completed, shown = run_rq(reader, "rq_worker_broken.console", queues_env)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output  # the worker goes on; the job failed
    assert job.get_status(refresh=True) == "failed"
    assert DATABASE_CONTEXT_ERROR in output
    assert_shown(shown, output)
    assert_recorded("rq", output)  # what the finder of Find your situation is tested on
    assert user_names(tmp_path / "app.db") == []


def test_rq_worker_class_runs_every_job_in_the_context(reader, queues_env, tmp_path):
    from rq_jobs import add_user, queue

    jobs = [queue.enqueue(add_user, name) for name in ("ada", "grace")]
    completed, shown = run_rq(reader, "rq_worker_fixed.console", queues_env)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert [job.get_status(refresh=True) for job in jobs] == ["finished", "finished"]
    assert [job.return_value(refresh=True) for job in jobs] == ["ada", "grace"]
    assert_shown(shown, output)
    assert user_names(tmp_path / "app.db") == ["ada", "grace"]


def test_rq_burst_worker_exit(redis_url):
    """The page's warning, on the versions it names: with redis-py 8.2 an RQ worker's stop can
    wait up to a minute for its pub/sub thread; with the redis-py before it (the page's advice,
    and this project's lock), at most the second RQ gives that thread.

    The race made certain: the pub/sub thread reads Redis' reply to RQ's UNSUBSCRIBE before
    the worker stops it, and then waits for a subscription (60 s: RQ's sleep_time)."""
    import threading

    from redis import Redis
    from rq import Queue, Worker

    connection = Redis.from_url(redis_url)
    worker = Worker([Queue(connection=connection)], connection=connection)
    worker.subscribe()  # what `rq worker` does at start
    thread = worker.pubsub_thread
    worker.pubsub.unsubscribe()  # the first thing Worker.unsubscribe() does at exit
    deadline = time.monotonic() + 10
    while worker.pubsub.subscribed:  # until the thread has read Redis' reply
        assert time.monotonic() < deadline, "the pub/sub thread never read the reply"
        time.sleep(0.01)
    stopping = threading.Thread(target=worker.unsubscribe, daemon=True)  # the rest of it
    started = time.monotonic()
    stopping.start()
    stopping.join(10)
    if installed("redis") >= (8, 2):
        assert stopping.is_alive(), "the worker's stop no longer waits with this redis-py"
        stopping.join(70)
        assert not stopping.is_alive() and not thread.is_alive()
        assert time.monotonic() - started <= 65  # RQ's 60 s poll, and no more
    else:
        assert not stopping.is_alive()
        assert time.monotonic() - started < 5


# -- Huey --------------------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["huey_broken", "huey_tasks"])
def test_huey_consumer(reader, queues_env, tmp_path, monkeypatch, module):
    import importlib

    monkeypatch.chdir(tmp_path)  # huey.db, the queue both sides share, is relative to here
    tasks = importlib.import_module(module)
    broken = module == "huey_broken"
    result = tasks.count_users() if broken else tasks.add_user("ada")
    argv, shown = command(reader.snippet, f"{module}.console")
    try:
        with reader.start(argv, log="consumer.log", path=[PAGE], env=queues_env, group=False) as consumer:
            if broken:
                consumer.wait_for("Unhandled exception in task")
            else:
                assert result.get(blocking=True, timeout=30) == "ada"
    finally:
        tasks.huey.storage.close()
    assert_worker_outcome("huey", consumer.output(), shown, tmp_path / "app.db", broken)


# -- Dramatiq ----------------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["dramatiq_broken", "dramatiq_actors"])
def test_dramatiq_worker(reader, queues_env, tmp_path, module):
    import importlib

    actors = importlib.import_module(module)
    broken = module == "dramatiq_broken"
    actors.count_users.send() if broken else actors.add_user.send("ada")
    argv, shown = command(reader.snippet, f"{module}.console")
    with reader.start(argv, log="worker.log", path=[PAGE], env=queues_env, group=False) as worker:
        if broken:
            worker.wait_for("with unhandled exception")
        else:
            worker.wait_for(lambda output: user_names(tmp_path / "app.db") == ["ada"])
    assert_worker_outcome("dramatiq", worker.output(), shown, tmp_path / "app.db", broken)


def test_the_fixed_worker_logs_a_message_for_the_broken_modules_actor(reader, queues_env):
    """The page's note: a message of the broken module's actor (its retry, when it comes due) that
    reaches the worker of the fixed module, which has no such actor, is logged and moved aside."""
    import dramatiq

    import dramatiq_actors

    dramatiq_actors.broker.enqueue(dramatiq.Message(
        queue_name="default", actor_name="count_users", args=(), kwargs={}, options={}))
    argv, _ = command(reader.snippet, "dramatiq_actors.console")
    with reader.start(argv, log="worker.log", path=[PAGE], env=queues_env, group=False) as worker:
        worker.wait_for("Received message for undefined actor 'count_users'. Moving it to the DLQ.")


def test_rq_sync_queue_runs_the_job_in_the_caller(queues_env, redis_url, tmp_path, database_url):
    """is_async=False: no worker, so the worker class plays no part; the caller's context decides."""
    from redis import Redis
    from rq import Queue

    from myapp import create_app
    from rq_jobs import add_user

    queue = Queue(connection=Redis.from_url(redis_url), is_async=False)
    assert queue.enqueue(add_user, "ada").get_status() == "failed"
    with create_app({"SQLALCHEMY_DATABASE_URI": database_url}).app_context():
        job = queue.enqueue(add_user, "grace")
    assert (job.get_status(), job.return_value()) == ("finished", "grace")
    assert user_names(tmp_path / "app.db") == ["grace"]


# -- Versions ----------------------------------------------------------------------------------


def test_the_releases_each_python_gets():
    """RQ 3 and Dramatiq 2 need Python 3.10; Python 3.9 gets RQ 2.8 and Dramatiq 1.18, and the
    same Huey as every other Python."""
    from importlib.metadata import metadata

    if sys.version_info >= (3, 10):
        assert installed("rq") >= (3, 0) and installed("dramatiq") >= (2, 2)
        assert metadata("rq").get("Requires-Python") == metadata("dramatiq").get("Requires-Python") == ">=3.10"
    else:
        assert (installed("rq"), installed("dramatiq")) == ((2, 8), (1, 18))
    assert installed("huey") >= (3, 5)
    assert metadata("huey").get("Requires-Python") is None  # Huey declares no minimum Python version
