"""Background threads: a new thread has no context, so the view passes the real app and the
thread pushes a context for it."""

import contextvars
import re
import signal
import sys
import threading
import time
import traceback
import urllib.request

import pytest
from flask import current_app, g, has_app_context, has_request_context

import threads_broken
import threads_executor
import threads_fixed
from harness.apps import user_names
from harness.flask_lines import (
    APP_CONTEXT_ERROR,
    DATABASE_CONTEXT_ERROR,
    FLASK_SQLALCHEMY_VERSION,
    FLASK_VERSION,
    SECOND_RUN_ERROR,
    TRACK_MODIFICATIONS_WARNING,
    first_line,
)
from harness.output import assert_shows
from harness.project import SNIPPETS, console_runs
from harness.recordings import assert_recorded
from harness.servers import UWSGI_VERSION, answers, gunicorn_command, uwsgi_command, wait_for
from myapp import db
from myapp.models import User
from threads_jobs import save_user

DEADLINE = 10  # seconds; a thread that takes longer has hung


# -- Helpers ---------------------------------------------------------------------------------


def threads_started_by(call):
    """Run call(); return its result and the threads it started that are still running."""
    before = set(threading.enumerate())
    result = call()
    return result, [thread for thread in threading.enumerate() if thread not in before]


def join_all(threads):
    for thread in threads:
        thread.join(DEADLINE)
        assert not thread.is_alive(), f"{thread.name} still runs after {DEADLINE} s"


# -- Why it fails ----------------------------------------------------------------------------


@pytest.mark.skipif(
    getattr(sys.flags, "thread_inherit_context", 0),
    reason=(
        "sys.flags.thread_inherit_context is true (the default on free-threaded Python 3.14+):"
        " a new thread starts with a copy of the context of the caller of start()"
    ),
)
def test_a_new_thread_starts_without_a_context(app):
    seen = {}

    @app.get("/probe")
    def probe():
        worker = threading.Thread(target=lambda: seen.update(thread=has_app_context()))
        worker.start()
        worker.join(DEADLINE)
        return {"view": has_app_context()}

    assert app.test_client().get("/probe").json == {"view": True}
    assert seen == {"thread": False}


def test_a_thread_without_a_context_cannot_use_the_database(app, thread_errors, tmp_path):
    def save_without_context():
        db.session.add(User(name="ada"))

    with app.app_context():
        threading.Thread(target=save_without_context).start()
    assert first_line(thread_errors.first().exc_value) == DATABASE_CONTEXT_ERROR
    assert user_names(tmp_path / "app.db") == []


def test_a_thread_without_a_context_cannot_use_current_app(thread_errors):
    threading.Thread(target=lambda: current_app.config).start()
    assert first_line(thread_errors.first().exc_value) == APP_CONTEXT_ERROR


# -- The broken view: it passes the current_app proxy ----------------------------------------


def test_broken_view_responds_and_the_thread_raises_later(app, thread_errors, tmp_path):
    app.register_blueprint(threads_broken.bp)

    # Thread() and start() succeed and the view returns: nothing is raised here...
    response = app.test_client().post("/users/ada")
    assert response.status_code == 202
    # ...the RuntimeError happens in the thread and only reaches threading.excepthook.
    error = thread_errors.first()
    assert error.exc_type is RuntimeError
    assert first_line(error.exc_value) == APP_CONTEXT_ERROR
    # The first use of the proxy is where it fails: the thread's `with app.app_context():`.
    ours = [
        frame
        for frame in traceback.extract_tb(error.exc_traceback)
        if frame.filename.startswith(str(SNIPPETS))
    ]
    assert (ours[-1].name, ours[-1].line) == ("save_user", "with app.app_context():")
    assert user_names(tmp_path / "app.db") == []


def test_broken_script_exits_0_and_only_prints_the_error(reader, snippet, error_text):
    console = dict(console_runs(snippet("fix-threads/threads_broken.console")))
    assert list(console) == ["python threads_broken.py 2> errors.log", "echo $?", "cat errors.log"]
    shown_error = snippet("error/app-context.txt").read_text(encoding="utf-8")

    result = reader.python("fix-threads/threads_broken.py")

    assert result.stdout == console["python threads_broken.py 2> errors.log"]
    assert_recorded("thread", result.stderr)
    assert f"{result.returncode}\n" == console["echo $?"]
    errors_log = result.stderr
    if FLASK_SQLALCHEMY_VERSION < (3, 0):
        # myapp leaves SQLALCHEMY_TRACK_MODIFICATIONS unset; 2.5 warns about it first (the page says so).
        assert TRACK_MODIFICATIONS_WARNING in errors_log[: errors_log.index("Exception in thread")]
        errors_log = errors_log[errors_log.index("Exception in thread") :]
    errors_log = errors_log.replace(str(SNIPPETS / "fix-threads"), "/path/to/project")
    errors_log = re.sub(r"(?m)^ *[\^~]+ *\n", "", errors_log)  # Python 3.11+ underlines
    if sys.version_info < (3, 10):  # the page says: 3.9 names the thread without its target
        assert errors_log.startswith("Exception in thread Thread-1:\n")
        errors_log = errors_log.replace("Thread-1:\n", "Thread-1 (save_user):\n", 1)
    assert errors_log.endswith(error_text)
    errors_log = errors_log.replace(error_text, shown_error)  # the page shows the 2.2+ wording
    assert_shows(console["cat errors.log"], errors_log, whole=True)


# -- The fix: pass the real app, push a context in the thread --------------------------------


def test_current_app_behind_the_proxy_is_the_app(app):
    with app.test_request_context():
        assert current_app._get_current_object() is app


def test_fixed_view_saves_the_user_in_the_thread(app, tmp_path):
    app.register_blueprint(threads_fixed.bp)

    response, started = threads_started_by(lambda: app.test_client().post("/users/ada"))
    assert response.status_code == 202
    join_all(started)  # an error in the thread fails the test (filterwarnings = error)
    assert user_names(tmp_path / "app.db") == ["ada"]


def test_fixed_script_saves_the_user(reader, tmp_path):
    result = reader.python("fix-threads/threads_fixed.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "202 ACCEPTED\n"
    assert "Exception in thread" not in result.stderr
    assert user_names(tmp_path / "app.db") == ["ada"]
    # Run again on the same database: the user's name is unique, and the thread's insert fails
    # with an error of the data, not of the context (the page says so).
    again = reader.python("fix-threads/threads_fixed.py")
    assert again.stdout == "202 ACCEPTED\n"
    assert SECOND_RUN_ERROR in again.stderr
    assert "outside of" not in again.stderr


# -- A thread pool needs the real app too ----------------------------------------------------


def test_executor_view_saves_the_user(app, tmp_path, monkeypatch):
    app.register_blueprint(threads_executor.bp)
    # Keep the futures the view creates, to wait for the job and see its error.
    futures = []
    real_submit = threads_executor.executor.submit

    def submit(*args, **kwargs):
        futures.append(real_submit(*args, **kwargs))
        return futures[-1]

    monkeypatch.setattr(threads_executor.executor, "submit", submit)

    assert app.test_client().post("/users/ada").status_code == 202
    assert len(futures) == 1
    assert futures[0].result(timeout=DEADLINE) is None
    assert user_names(tmp_path / "app.db") == ["ada"]


def test_executor_keeps_the_error_in_the_future(app, thread_errors, capfd):
    with app.test_request_context():
        future = threads_executor.executor.submit(save_user, current_app, "ada")
    error = future.exception(timeout=DEADLINE)
    assert first_line(error) == APP_CONTEXT_ERROR
    # Nothing reached threading.excepthook, and nothing was printed.
    assert thread_errors == []
    assert capfd.readouterr() == ("", "")


# -- copy_context().run: the thread runs in the request's own context ------------------------


@pytest.fixture
def copied_context_run(app):
    """A view runs `work` in a thread through contextvars.copy_context().run; the thread looks
    around during the request, and again after the request has ended."""
    seen = {"teardowns": []}
    thread_looked, request_ended = threading.Event(), threading.Event()

    @app.teardown_appcontext
    def record_teardown(exception):
        seen["teardowns"].append(g._get_current_object())

    def work():
        seen["thread_g"] = g._get_current_object()
        seen["thread_app"] = current_app._get_current_object()
        seen["thread_session"] = db.session()
        thread_looked.set()
        request_ended.wait(DEADLINE)
        seen["teardowns_before_thread_ends"] = list(seen["teardowns"])
        seen["thread_has_context_after_request"] = has_app_context()
        seen["thread_g_after_request"] = g._get_current_object()

    @app.get("/copy")
    def view():
        seen["view_g"] = g._get_current_object()
        seen["view_session"] = db.session()
        context = contextvars.copy_context()
        seen["worker"] = threading.Thread(target=context.run, args=(work,))
        seen["worker"].start()
        thread_looked.wait(DEADLINE)  # the thread looks while the request is still on
        return ""

    assert app.test_client().get("/copy").status_code == 200
    request_ended.set()
    join_all([seen["worker"]])
    return seen


def test_copied_context_gives_the_thread_the_app(app, copied_context_run):
    assert copied_context_run["thread_app"] is app


def test_copied_context_shares_the_request_g(copied_context_run):
    assert copied_context_run["thread_g"] is copied_context_run["view_g"]


def test_copied_context_shares_the_request_session(copied_context_run):
    if FLASK_SQLALCHEMY_VERSION < (3, 0):  # 2.5 scopes its sessions per thread
        assert copied_context_run["thread_session"] is not copied_context_run["view_session"]
    else:  # 3.x scopes them per application context
        assert copied_context_run["thread_session"] is copied_context_run["view_session"]


def test_copied_context_is_torn_down_while_the_thread_uses_it(copied_context_run):
    seen = copied_context_run
    # The request ended: Flask popped its context and ran the teardown functions...
    assert seen["teardowns_before_thread_ends"] == [seen["view_g"]]
    # ...yet the thread still runs in that same context.
    assert seen["thread_has_context_after_request"]
    assert seen["thread_g_after_request"] is seen["view_g"]


def test_a_context_pushed_in_the_thread_is_its_own(app):
    """Its own g, empty, its own session, and no request: the view passes the values on."""
    seen = {}

    def work(app):
        with app.app_context():
            seen["thread"] = g._get_current_object(), db.session()
            seen["thread_token"], seen["thread_request"] = g.get("token"), has_request_context()

    @app.get("/own")
    def view():
        g.token = "the view's"
        seen["view"] = g._get_current_object(), db.session()
        worker = threading.Thread(target=work, args=(current_app._get_current_object(),))
        worker.start()
        seen["worker"] = worker
        return ""

    assert app.test_client().get("/own").status_code == 200
    join_all([seen["worker"]])
    thread_g, thread_session = seen["thread"]
    view_g, view_session = seen["view"]
    assert thread_g is not view_g
    assert thread_session is not view_session
    assert seen["thread_token"] is None and not seen["thread_request"]


# -- pytest does not fail a test when a thread raises ----------------------------------------


def test_pytest_only_warns_about_an_error_in_a_thread(pytester, monkeypatch):
    pytester.makepyfile(
        """
        import threading
        from flask import current_app

        def test_starts_a_thread():
            worker = threading.Thread(target=lambda: current_app.config)
            worker.start()
            worker.join()
        """
    )
    # A fresh process: the default warning filters, not this suite's filterwarnings = error.
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines(
        ["*PytestUnhandledThreadExceptionWarning*", f"*{APP_CONTEXT_ERROR}"]
    )

    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-W", "error::pytest.PytestUnhandledThreadExceptionWarning"
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"*{APP_CONTEXT_ERROR}"])  # the thread's error, in the test's report



# -- gunicorn and uWSGI ----------------------------------------------------------------------

# What the server imports: myapp with the fixed view of this page.
SERVED_APP = (
    "from myapp import create_app\nfrom threads_fixed import bp\n\napp = create_app()\napp.register_blueprint(bp)\n"
)


def test_a_context_made_and_not_pushed_or_pushed_in_the_starting_thread_does_not_reach_the_thread(app):
    app.app_context()  # a line on its own: the context is made, and pushed nowhere
    assert not has_app_context()
    seen = []
    with app.app_context():  # pushed in the thread that starts the other, at start-up
        thread = threading.Thread(target=lambda: seen.append(has_app_context()))
        thread.start()
        thread.join()
    assert seen == [False]


def post_to_a_real_server(reader, command, tmp_path):
    """POST /users/ada to the app served by `command` on a free port; return how long the
    thread took to save the user, or None if it had not after 3 s."""
    (tmp_path / "served.py").write_text(SERVED_APP)
    with reader.serve(command, stop=signal.SIGKILL, path=[tmp_path]) as server:
        request = urllib.request.Request(f"http://127.0.0.1:{server.port}/users/ada", method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 202
        try:
            return wait_for(lambda: user_names(tmp_path / "app.db"), timeout=3)
        except AssertionError:
            return None


def test_the_fix_works_in_gunicorn_workers(reader, app, tmp_path):
    command = gunicorn_command("--workers", "2")
    assert post_to_a_real_server(reader, command, tmp_path) == ["ada"]


@pytest.mark.skipif(UWSGI_VERSION is None, reason="uWSGI is not installed")
@pytest.mark.parametrize("options", [[], ["--enable-threads"]], ids=["default", "enable-threads"])
def test_uwsgi_runs_the_thread_from_2_0_27_or_with_enable_threads(reader, app, tmp_path, options):
    saved = post_to_a_real_server(reader, uwsgi_command(*options), tmp_path)
    if options or UWSGI_VERSION >= (2, 0, 27):
        assert saved == ["ada"]
    else:  # the view answered 202, but its thread has not run while the workers wait
        assert saved is None


@pytest.mark.skipif(
    UWSGI_VERSION is None or UWSGI_VERSION >= (2, 0, 27),
    reason="uWSGI before 2.0.27, without --enable-threads (the Flask 2.0 cells install one)",
)
def test_uwsgi_before_2_0_27_runs_the_thread_only_while_its_worker_handles_requests(reader, app, tmp_path):
    command = uwsgi_command()
    command[command.index("--processes") + 1] = "1"  # one worker: every request reaches the thread's process
    (tmp_path / "served.py").write_text(SERVED_APP)
    with reader.serve(command, stop=signal.SIGKILL, path=[tmp_path]) as server:
        port = server.port
        request = urllib.request.Request(f"http://127.0.0.1:{port}/users/ada", method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 202
        time.sleep(3)
        assert user_names(tmp_path / "app.db") == []  # the worker waits: the thread stands still
        deadline = time.monotonic() + DEADLINE  # a few hundred requests here; how many depends on the machine
        while not user_names(tmp_path / "app.db"):  # other requests to the same worker
            assert time.monotonic() < deadline, f"the thread did not run while its worker answered for {DEADLINE} s"
            assert answers(port)
    assert user_names(tmp_path / "app.db") == ["ada"]
    output = server.output()
    assert "*** Python threads support is disabled. You can enable it with --enable-threads ***" in output
    assert "Traceback" not in output and "Exception in thread" not in output  # nothing logged
# -- Flask-Executor ----------------------------------------------------------------------------


def wait_for_users(database, names):
    wait_for(lambda: user_names(database) == names, timeout=DEADLINE, interval=0.02)


def test_flask_executor_job_from_a_view_has_the_context(app, tmp_path):
    import threads_flask_executor

    threads_flask_executor.executor.init_app(app)
    app.register_blueprint(threads_flask_executor.bp)
    assert app.test_client().post("/users/ada").status_code == 202
    wait_for_users(tmp_path / "app.db", ["ada"])


def test_flask_executor_job_sees_a_copy_of_the_views_g_up_to_flask_3_1(app):
    """Flask-Executor pushes an app context with a copy of the view's `g`; from Flask 3.2 the
    context that copy_current_request_context pushes inside it is a new one, with an empty `g`."""
    from flask_executor import Executor

    executor = Executor(app)

    def job():
        seen = g.get("user")
        g.user = "changed by the job"
        return seen

    @app.get("/g")
    def view():
        g.user = "ada"
        seen = executor.submit(job).result(timeout=DEADLINE)
        return {"job": seen, "view": g.user}

    seen = app.test_client().get("/g").get_json()
    assert seen == {"job": "ada" if FLASK_VERSION < (3, 2) else None, "view": "ada"}


def test_flask_executor_outside_a_request_raises_in_the_caller(reader, snippet, tmp_path):
    result = reader.python("fix-threads/threads_flask_executor_script.py")
    if FLASK_VERSION >= (3, 2):  # copy_current_request_context needs only a context from 3.2
        assert (result.returncode, result.stderr) == (0, "")
        assert user_names(tmp_path / "app.db") == ["ada"]  # the job ran in a copy of the app context
        return
    assert result.returncode == 1
    # The page shows both wordings; this Flask uses one of them.
    current, flask20 = (
        snippet(f"fix-threads/{name}.txt").read_text(encoding="utf-8").rstrip("\n")
        for name in ("threads_flask_executor_error", "threads_flask_executor_error_flask20")
    )
    assert result.stderr.splitlines()[-1] == (current if FLASK_VERSION >= (2, 2) else flask20)
    assert "executor.submit(save_user" in result.stderr  # raised at submit(), not in a thread
    assert_recorded("flask_executor", result.stderr)
    assert user_names(tmp_path / "app.db") == []


def test_flask_executor_with_no_context_at_all_raises_on_every_version(snippet):
    """Flask 3.2 lets submit() run without a request, not without any context (find-your-fix's row)."""
    from flask import Flask
    from flask_executor import Executor

    executor = Executor(Flask("jobs"))
    with pytest.raises(RuntimeError) as raised:
        executor.submit(print, "never")
    name = "threads_flask_executor_error" if FLASK_VERSION >= (2, 2) else "threads_flask_executor_error_flask20"
    assert first_line(raised.value) == snippet(f"fix-threads/{name}.txt").read_text(encoding="utf-8").rstrip("\n")


def test_plain_pool_with_the_app_works_outside_a_request(reader, tmp_path):
    result = reader.python("fix-threads/threads_flask_executor_script_fixed.py")
    assert result.stdout == "saved\n", result.stderr
    assert user_names(tmp_path / "app.db") == ["ada"]


def test_flask_executor_copies_the_request_for_each_job(app):
    """Two jobs of one request run at the same time, each in its own copy of the request
    context; the copies share the one request object, its body stream too."""
    from flask import request
    from flask_executor import Executor

    executor = Executor(app)
    both_inside = threading.Barrier(2, timeout=DEADLINE)

    def work():
        both_inside.wait()  # both jobs are inside their request contexts now
        return request._get_current_object()

    with app.test_request_context("/report") as view_context:
        futures = [executor.submit(work) for _ in range(2)]
    first, second = (future.result(timeout=DEADLINE) for future in futures)
    assert first is second is view_context.request


def test_executor_scripts_import_without_running(tmp_path):
    import threads_flask_executor_script
    import threads_flask_executor_script_fixed

    for module in (threads_flask_executor_script, threads_flask_executor_script_fixed):
        assert module.app.name == "myapp"
    assert "executor" in threads_flask_executor_script.app.extensions
