"""Celery tasks: a plain Celery app fails in the worker; a Flask task base fixes it.

Every test runs a real worker: in this process with an in-memory broker, or (once) as a separate
`celery worker` process over the filesystem broker, so no Redis or RabbitMQ is needed.
"""

import logging
import re
import shlex
from concurrent.futures import ThreadPoolExecutor

import pytest
from celery import Celery, Task
from celery.contrib.testing.worker import start_worker
from flask import Flask

from harness.apps import user_names
from harness.flask_lines import (
    APP_CONTEXT_ERROR,
    DATABASE_CONTEXT_ERROR,
    FLASK_VERSION,
    REQUEST_ERROR_IN_APP_CONTEXT,
    first_line,
    installed,
    requirements,
)
from harness.output import assert_shows, normalise
from harness.project import SNIPPETS
from harness.reader import tool
from harness.recordings import assert_recorded

PROJECT = SNIPPETS / "fix-celery"
PROJECT_FILES = ["webapp/__init__.py", "webapp/models.py", "webapp/tasks.py"]
# An in-process worker needs no server: an in-memory broker and result store.
IN_PROCESS = {
    "broker_url": "memory://",
    "broker_transport_options": {"polling_interval": 0.1},  # poll faster than once a second
    "result_backend": "cache+memory://",
}


def write_settings(folder, celery_config):
    """The file WEBAPP_SETTINGS names: a SQLite file and a broker of our own in `folder`."""
    path = folder / "settings.py"
    database_url = f"sqlite:///{folder / 'app.db'}"
    path.write_text(
        f"SQLALCHEMY_DATABASE_URI = {database_url!r}\n"
        "SQLALCHEMY_TRACK_MODIFICATIONS = False\n"  # Flask-SQLAlchemy 2.5 warns if unset
        f"CELERY = {celery_config!r}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def celery_project(snippet, monkeypatch, tmp_path):
    """The celery_app/ project importable as a reader's worker imports it, set up by tmp_path."""
    for name in PROJECT_FILES:
        snippet(f"fix-celery/{name}")
    monkeypatch.syspath_prepend(str(PROJECT))

    def configure(celery_config):
        monkeypatch.setenv("WEBAPP_SETTINGS", str(write_settings(tmp_path, celery_config)))

    return configure


@pytest.fixture
def task_errors():
    """What Celery logs for failed tasks (the worker's logging setup drops pytest's handlers)."""

    class Records(logging.Handler):
        def __init__(self):
            super().__init__(logging.ERROR)
            self.records = []

        def emit(self, record):
            self.records.append(record)

    handler = Records()
    logger = logging.getLogger("celery.app.trace")
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)


def fixed_app(celery_project, celery_config):
    """create_app() as the reader calls it; its Celery app is the one `add_user` sends to."""
    celery_project(celery_config)
    from webapp import create_app

    flask_app = create_app()  # on a new database: it makes the tables itself
    celery_app = flask_app.extensions["celery"]
    # Earlier in-process workers left their own app current in this test process.
    celery_app.set_current()
    return flask_app, celery_app


def assert_fails_in_the_worker(celery_app, task, task_errors, recording):
    """`task`, sent (which works) and run by an in-process worker of `celery_app`, fails there with
    the database's context error; the worker logs it with the task's name, and the log line and
    traceback, as `celery worker` writes them in its default format, read as `recording`."""
    with start_worker(celery_app, pool="solo", perform_ping_check=False):
        result = task.delay()
        with pytest.raises(RuntimeError) as raised:
            result.get(timeout=10)
    assert result.state == "FAILURE"
    assert first_line(raised.value) == DATABASE_CONTEXT_ERROR
    [record] = task_errors
    assert task.name in record.getMessage()
    assert_recorded(recording, logging.Formatter(celery_app.conf.worker_log_format).format(record))
    return record


# -- The broken variant -----------------------------------------------------------------------


def test_task_on_plain_celery_app_fails_in_the_worker(celery_project, task_errors):
    import plain_celery

    plain_celery.celery_app.conf.update(IN_PROCESS)
    record = assert_fails_in_the_worker(plain_celery.celery_app, plain_celery.count_users, task_errors, "celery")
    assert f"RuntimeError: {record.exc_info[1]}".splitlines()[0] == DATABASE_CONTEXT_ERROR


# -- The fix ----------------------------------------------------------------------------------


def test_task_with_flask_base_writes_the_user(celery_project, tmp_path):
    assert not (tmp_path / "app.db").exists()  # a new database, with no tables
    flask_app, celery_app = fixed_app(celery_project, IN_PROCESS)
    from webapp.tasks import add_user

    with start_worker(celery_app, pool="solo", perform_ping_check=False):
        assert add_user.delay("ada").get(timeout=10) == 1
        assert add_user.delay("grace").get(timeout=10) == 2

    assert user_names(tmp_path / "app.db") == ["ada", "grace"]


def test_a_task_that_reads_the_request_fails_under_flask_task_too(celery_project):
    """FlaskTask gives every task an application context, never a request: the request's value
    goes to the task as an argument, read in the view."""
    from flask import request, session

    flask_app, celery_app = fixed_app(celery_project, IN_PROCESS)

    @celery_app.task
    def greet_from_the_form():
        return f"hello {request.form['name']}"

    @celery_app.task
    def greet_from_the_session():
        return f"hello {session['name']}"

    @celery_app.task
    def no_user():
        from flask_login import current_user

        return current_user._get_current_object() is None  # the proxy itself is never None

    @celery_app.task
    def greet(name):
        return f"hello {name}"

    with start_worker(celery_app, pool="solo", perform_ping_check=False):
        errors = []
        for task in (greet_from_the_form, greet_from_the_session):
            with pytest.raises(RuntimeError) as raised:
                task.delay().get(timeout=10)
            errors.append(first_line(raised.value))
        assert no_user.delay().get(timeout=10) is True  # Flask-Login's current_user: None, no error
        with flask_app.test_request_context(method="POST", data={"name": "ada"}):  # the view
            assert greet.delay(request.form["name"]).get(timeout=10) == "hello ada"
    assert errors == [REQUEST_ERROR_IN_APP_CONTEXT] * 2


def test_flask_has_no_celery_app_of_its_own(celery_project, database_url):
    from myapp import create_app

    config = {"SQLALCHEMY_DATABASE_URI": database_url, "SQLALCHEMY_TRACK_MODIFICATIONS": False}
    myapp = create_app(config)
    with pytest.raises(KeyError):
        myapp.extensions["celery"]
    with pytest.raises(KeyError):
        Flask(__name__).extensions["celery"]

    # Only celery_init_app puts one there.
    celery_project(IN_PROCESS)
    import webapp
    from webapp.tasks import add_user

    celery_app = webapp.create_app().extensions["celery"]
    assert isinstance(celery_app, Celery)
    # set_default(): where no Celery app is current (a new thread here), @shared_task uses it.
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(lambda: add_user.app).result() is celery_app


def test_settings_default_to_redis_and_a_settings_file_replaces_them(celery_project, tmp_path, monkeypatch):
    import webapp

    # A settings file that leaves the Celery settings alone.
    settings = tmp_path / "database_only.py"
    settings.write_text(
        f"SQLALCHEMY_DATABASE_URI = 'sqlite:///{tmp_path / 'app.db'}'\n"
        "SQLALCHEMY_TRACK_MODIFICATIONS = False\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("WEBAPP_SETTINGS", str(settings))
    conf = webapp.create_app().extensions["celery"].conf
    assert (conf.broker_url, conf.result_backend) == ("redis://localhost:6379/0",) * 2

    celery_project(IN_PROCESS)
    conf = webapp.create_app().extensions["celery"].conf
    assert (conf.broker_url, conf.result_backend) == ("memory://", "cache+memory://")


def test_a_relative_settings_path_is_read_from_the_package_and_skipped_when_not_found(tmp_path, monkeypatch):
    """The page asks for an absolute path: webapp's from_envvar("WEBAPP_SETTINGS", silent=True)
    reads a relative one from the app's root_path (webapp/), and skips a file it does not find
    there, without a word. (A Flask app of the same package layout: webapp's own create_app()
    would create its default database in the snippets' folder.)"""
    assert 'app.config.from_envvar("WEBAPP_SETTINGS", silent=True)' in (PROJECT / "webapp" / "__init__.py").read_text()
    package = tmp_path / "webapp"
    package.mkdir()
    write_settings(tmp_path, IN_PROCESS)  # next to the package, where a reader's worker runs
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WEBAPP_SETTINGS", "settings.py")
    app = Flask("webapp", root_path=str(package))
    assert app.config.from_envvar("WEBAPP_SETTINGS", silent=True) is False
    assert "CELERY" not in app.config
    (package / "settings.py").write_text((tmp_path / "settings.py").read_text(encoding="utf-8"), encoding="utf-8")
    assert app.config.from_envvar("WEBAPP_SETTINGS", silent=True) is True
    assert app.config["CELERY"] == IN_PROCESS


def test_eager_mode_hides_a_missing_context(celery_project, monkeypatch):
    """Eager mode runs the task in the caller: inside the caller's context, the broken app passes."""
    celery_project(IN_PROCESS)
    import plain_celery
    from webapp import create_app

    flask_app = create_app()
    plain_celery.celery_app.conf.update(IN_PROCESS)
    monkeypatch.setitem(plain_celery.celery_app.conf, "task_always_eager", True)
    with flask_app.app_context():
        assert plain_celery.count_users.delay().get() == 0


START_WORKER_WITH_ITS_PING = """\
from celery import Celery
from celery.contrib.testing.worker import start_worker

celery_app = Celery("tests", broker="memory://", backend="cache+memory://")
with start_worker(celery_app, pool="solo"):
    pass
"""


def test_start_worker_needs_its_ping_task_or_no_ping_check(reader):
    """The page: without celery.contrib.testing.tasks imported, the ping check stops at an assert
    (in a process of its own: importing that module registers the task for good)."""
    result = reader.code(START_WORKER_WITH_ITS_PING)
    assert (result.returncode, result.stderr.splitlines()[-1]) == (1, "AssertionError")
    assert "assert 'celery.ping' in app.tasks" in result.stderr
    fixed = "import celery.contrib.testing.tasks  # noqa: F401\n" + START_WORKER_WITH_ITS_PING
    assert reader.code(fixed).returncode == 0
    no_check = START_WORKER_WITH_ITS_PING.replace('pool="solo"', 'pool="solo", perform_ping_check=False')
    assert reader.code(no_check).returncode == 0


def test_task_base_assigned_late_misses_the_tasks_already_made(celery_project, monkeypatch):
    celery_project(IN_PROCESS)
    import plain_celery
    from webapp import create_app

    flask_app = create_app()

    class FlaskTask(Task):  # the assignment some guides suggest
        def __call__(self, *args, **kwargs):
            with flask_app.app_context():
                return self.run(*args, **kwargs)

    # Reading .tasks finalizes a Celery app: every task defined so far is made then.
    fresh = Celery("fresh")
    assert not fresh.finalized
    assert "celery.backend_cleanup" in fresh.tasks
    assert fresh.finalized

    celery_app = plain_celery.celery_app
    assert "plain_celery.count_users" in celery_app.tasks
    monkeypatch.setattr(celery_app, "Task", FlaskTask)

    # A task made from now on gets the base; the one made before keeps the plain base ...
    @celery_app.task
    def made_later():
        pass

    assert isinstance(made_later, FlaskTask)
    assert not isinstance(plain_celery.count_users, FlaskTask)
    # ... so it still runs with no application context.
    with pytest.raises(RuntimeError) as raised:
        plain_celery.count_users()
    assert first_line(raised.value) == DATABASE_CONTEXT_ERROR


# -- A separate worker process, started with the command the page shows ----------------------


def test_worker_process_runs_the_task(celery_project, reader, snippet, tmp_path):
    console = snippet("fix-celery/worker.console").read_text(encoding="utf-8")
    command, *shown = console.splitlines()
    assert command.startswith("$ ")
    argv = shlex.split(command[2:])
    assert argv[0] == "celery"
    argv[0] = tool("celery")

    # The filesystem broker: messages are files in a folder both sides share.
    broker = tmp_path / "broker"
    results = tmp_path / "results"
    broker.mkdir()
    results.mkdir()
    flask_app, celery_app = fixed_app(
        celery_project,
        {
            "broker_url": "filesystem://",
            "broker_transport_options": {
                "data_folder_in": str(broker),
                "data_folder_out": str(broker),
                "control_folder": str(broker),
                "polling_interval": 0.1,  # poll faster than once a second
            },
            "result_backend": results.as_uri(),
        },
    )
    from webapp.tasks import add_user

    # the reader's project folder, where make_celery.py is; SIGTERM to the worker: warm shutdown
    with reader.start(argv, log="worker.log", cwd=PROJECT, group=False) as worker:
        result = add_user.delay("ada")
        assert result.get(timeout=30) == 1
        # the worker stores the result before it logs the task: stop it once its log shows all
        worker.wait_for("succeeded in", timeout=15)

    output = worker.output()
    assert worker.returncode == 0, output
    assert user_names(tmp_path / "app.db") == ["ada"]
    assert_shows("\n".join(shown), output)


# -- Tasks with a base class of their own (celery-once) --------------------------------------


def test_celery_once_imports_six_which_celery_brings():
    """The page's sentence: celery-once 3.0.1 imports six and does not require it; Celery requires
    python-dateutil, which requires six."""
    from importlib.metadata import files

    assert "six" not in requirements("celery-once")
    source = next(f for f in files("celery-once") if f.as_posix() == "celery_once/helpers.py").read_text()
    assert "\nimport six\n" in source
    assert installed("celery") >= (5, 3)  # the releases the page says bring it
    assert "python-dateutil" in requirements("celery") and "six" in requirements("python-dateutil")


def once_config(redis_url):
    """IN_PROCESS, plus celery-once's lock store: the real Redis of this test session."""
    return {**IN_PROCESS, "ONCE": {"backend": "celery_once.backends.Redis", "settings": {"url": redis_url}}}


def test_task_with_its_own_base_gets_no_context(celery_project, redis_url, task_errors):
    flask_app, celery_app = fixed_app(celery_project, once_config(redis_url))
    from celery_once import QueueOnce

    from celery_once_broken import count_users

    task = celery_app.tasks[count_users.name]
    assert isinstance(task, QueueOnce)
    assert not isinstance(task, celery_app.Task)  # task_cls=FlaskTask did not reach it
    assert_fails_in_the_worker(celery_app, count_users, task_errors, "celery_once")


def test_subclass_of_the_library_base_runs_in_the_context_and_unlocks(celery_project, redis_url):
    flask_app, celery_app = fixed_app(celery_project, once_config(redis_url))
    from celery_once_fixed import count_users
    from webapp.tasks import add_user

    with start_worker(celery_app, pool="solo", perform_ping_check=False):
        assert count_users.delay().get(timeout=10) == 0
        add_user.delay("ada").get(timeout=10)
        # QueueOnce.__call__ cleared the lock before the run: the task can be queued again.
        assert count_users.delay().get(timeout=10) == 1


def test_a_call_that_skips_the_library_call_leaves_the_lock(celery_project, redis_url):
    from celery_once import AlreadyQueued

    flask_app, celery_app = fixed_app(celery_project, once_config(redis_url))
    from celery_once_run_only import count_users

    with start_worker(celery_app, pool="solo", perform_ping_check=False):
        assert count_users.delay().get(timeout=10) == 0  # the context is there ...
        with pytest.raises(AlreadyQueued):
            count_users.delay()  # ... but the lock of the first run was never cleared


def test_a_worker_runs_a_task_of_a_module_of_its_own_only_when_it_imports_it(celery_project, reader, redis_url):
    """The page's command for a task module that webapp does not import: the worker runs the
    task with `-I <module>`; without it, it logs the task as unregistered, and the lock stays."""
    fixed_app(celery_project, {**redis_config(redis_url), "ONCE": once_config(redis_url)["ONCE"]})
    from celery_once_fixed import count_users

    worker_argv = ["-A", "make_celery", "worker", "--pool=solo", "--loglevel=INFO"]
    with start_celery(reader, [*worker_argv, "-I", "celery_once_fixed"], "worker.log"):
        assert count_users.delay().get(timeout=30) == 0
    with start_celery(reader, worker_argv, "worker-without.log") as worker:
        count_users.delay()
        worker.wait_for("Received unregistered task of type 'celery_once_fixed.count_users'", timeout=30)
    from celery_once import AlreadyQueued

    with pytest.raises(AlreadyQueued):  # the lock of the task no worker ran
        count_users.delay()


# -- Signal handlers and beat, in real worker processes over the session's Redis --------------


def redis_config(redis_url):
    return {"broker_url": redis_url, "result_backend": redis_url}


def start_celery(reader, argv, log, cwd=PROJECT):
    """A real `celery ...` process, its output in `log`; stopped with SIGTERM to the worker
    itself (a warm shutdown)."""
    return reader.start([tool("celery"), *argv], log=log, cwd=cwd, path=[PROJECT], group=False)


def as_repr(error_line):
    """`RuntimeError: text` as a handler's exception shows in Celery's log: RuntimeError('text.
    Flask 3.2's message holds quotes, so repr() writes it between double quotes there."""
    kind, text = error_line.split(": ", 1)
    quote = '"' if FLASK_VERSION >= (3, 2) else "'"
    return f"{kind}({quote}{text}"


@pytest.mark.parametrize("module", ["celery_signals_broken", "celery_signals_fixed"])
def test_signal_handlers_in_a_prefork_worker(celery_project, reader, redis_url, snippet, module):
    flask_app, celery_app = fixed_app(celery_project, redis_config(redis_url))
    from webapp.tasks import add_user

    argv = ["-A", module, "worker", "--pool=prefork", "--concurrency=1", "--loglevel=INFO"]
    with start_celery(reader, argv, "worker.log") as worker:
        assert add_user.delay("ada").get(timeout=30) == 1  # FlaskTask still runs the task itself
    output = worker.output()
    engine = "Signal handler <function dispose_engine at 0x"
    prerun = "Signal handler <function log_start at 0x"
    if module.endswith("broken"):
        assert engine in output and prerun in output, output
        assert f"raised: {as_repr(DATABASE_CONTEXT_ERROR)}" in output.split(engine, 1)[1].splitlines()[0]
        assert f"raised: {as_repr(APP_CONTEXT_ERROR)}" in output.split(prerun, 1)[1].splitlines()[0]
        assert_recorded("celery_signals", output)  # the first handler's error: dispose_engine
        # The line the page shows, as this Flask words the error (only its first line is stable).
        shown = snippet("fix-celery/celery_signals_error.txt").read_text(encoding="utf-8").strip()
        [actual] = [line for line in output.splitlines() if prerun in line]
        actual, shown = normalise(actual), normalise(shown)
        if (2, 2) <= FLASK_VERSION < (3, 2):  # the page shows the log line of Flask 2.2 to 3.1
            assert actual == shown
        else:  # other lines word the paragraph (and so quote the message) otherwise: same start
            def start(line):
                return re.sub(r"""RuntimeError\(['"]""", "RuntimeError(", line.split("\\n\\n")[0])

            assert start(actual) == start(shown)
    else:
        assert "Signal handler" not in output, output
        assert "Starting webapp.tasks.add_user" in output


def test_signal_handlers_called_directly(celery_project, redis_url, caplog):
    """The same handlers, run here (the worker's child processes leave no coverage data)."""
    from celery.signals import task_prerun, worker_process_init

    celery_project(redis_config(redis_url))
    import celery_signals_broken
    import celery_signals_fixed

    for module in (celery_signals_broken, celery_signals_fixed):
        worker_process_init.disconnect(module.dispose_engine)
        task_prerun.disconnect(module.log_start)
    task = celery_signals_fixed.celery_app.tasks["webapp.tasks.add_user"]
    with pytest.raises(RuntimeError) as raised:
        celery_signals_broken.dispose_engine()
    assert first_line(raised.value) == DATABASE_CONTEXT_ERROR
    with pytest.raises(RuntimeError) as raised:
        celery_signals_broken.log_start(task=task)
    assert first_line(raised.value) == APP_CONTEXT_ERROR
    celery_signals_fixed.dispose_engine()
    with caplog.at_level(logging.INFO):
        celery_signals_fixed.log_start(task=task)
    assert "Starting webapp.tasks.add_user" in caplog.messages


CELERY_VERSION = installed("celery")


def test_the_application_cannot_be_a_tasks_argument():
    """The page's answer to a reader who passes the app to the task: the caller's delay() fails."""
    from kombu.exceptions import EncodeError

    celery_app = Celery("probe", broker="memory://")

    @celery_app.task
    def count_users(app):
        pass

    with pytest.raises(EncodeError) as raised:
        count_users.delay(Flask("shop"))
    assert str(raised.value) == "Object of type Flask is not JSON serializable"


def test_without_a_result_backend_get_raises_not_implemented():
    """A settings file that sets CELERY without result_backend (fix-celery), an app that only
    sends tasks (verify): the caller's get() has nothing to read."""
    celery_app = Celery("probe", broker="memory://")
    result = celery_app.send_task("probe.add", (2, 3))
    with pytest.raises(NotImplementedError) as raised:
        result.get(timeout=1)
    assert str(raised.value).splitlines()[0] == "No result backend is configured."


@pytest.mark.parametrize("module", ["celery_hooks_broken", "celery_hooks_fixed"])
def test_a_task_hook_runs_after_flask_task_s_call(celery_project, reader, redis_url, module):
    celery_project(redis_config(redis_url))
    tasks = reader.load(module)  # the module the worker runs, imported here to send the task
    with start_celery(reader, ["-A", module, "worker", "--pool=solo", "--loglevel=INFO"], "worker.log") as worker:
        result = tasks.add.delay(2, 3)
        if module.endswith("fixed") or CELERY_VERSION >= (5, 7):
            assert result.get(timeout=30) == 5  # the task itself runs, in FlaskTask's context
        # (Celery 5.6 stores the result, then logs the hook's error as the task's: what get()
        # returns then depends on which comes first)
        # Celery 5.7 logs the task's success after the hook's error: wait for it, so that the
        # worker's shutdown lines never come right after the error (and into its excerpt)
        worker.wait_for(lambda output: re.search(r"succeeded in|raised unexpected", output))
    output = worker.output()
    if module.endswith("fixed"):
        assert f"{module}.add returned 5" in output
        assert "Working outside" not in output
    elif CELERY_VERSION >= (5, 7):
        line = next(line for line in output.splitlines() if "on_success handler raised" in line)
        assert f"Task {module}.add[" in line and f"on_success handler raised: {as_repr(APP_CONTEXT_ERROR)}" in line
        assert_recorded("celery_hooks", output)
    else:
        line = next(line for line in output.splitlines() if "raised unexpected" in line)
        assert f"Task {module}.add[" in line and f"raised unexpected: {as_repr(APP_CONTEXT_ERROR)}" in line
        assert " succeeded in " not in output  # the task's work is done, but the log never says so


def test_beat_sends_and_the_worker_runs_through_flask_task(celery_project, reader, redis_url, snippet, tmp_path):
    import runpy

    settings = runpy.run_path(str(snippet("fix-celery/celery_beat_settings.py")))["CELERY"]
    assert settings["beat_schedule"]["count-users"]["task"] == "webapp.tasks.count_users"
    # The test's own Redis, and a schedule short enough to wait for.
    settings.update(redis_config(redis_url))
    settings["beat_schedule"]["count-users"]["schedule"] = 0.5
    flask_app, celery_app = fixed_app(celery_project, settings)

    beat_argv = ["-A", "make_celery", "beat", "--loglevel=INFO"]
    worker_argv = ["-A", "make_celery", "worker", "--pool=solo", "--loglevel=INFO"]
    with start_celery(reader, beat_argv, "beat.log", cwd=tmp_path) as beat, \
            start_celery(reader, worker_argv, "worker.log") as worker:
        worker.wait_for(lambda output: re.search(r"Task webapp\.tasks\.count_users\[\S+\] succeeded in \S+: 0", output))
    assert "Scheduler: Sending due task count-users (webapp.tasks.count_users)" in beat.output()
    assert "Working outside" not in worker.output()
