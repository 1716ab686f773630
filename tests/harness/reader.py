"""Run what a reader runs, as they run it: a snippet (`python <file>`), a `flask` command, a
shell line, a pytest session, or a long-running process (a server, a worker, a listener).

One environment for all of it (Reader.environment): the snippets importable as a reader's
project has them (snippets/ for myapp, and every page's folder), DATABASE_URL on the test's
SQLite file, the tools of this Python's environment first on PATH, no FLASK_ or WERKZEUG_
settings of the test run's own, output unbuffered as a terminal shows it. The deadlines of
tests/harness/deadlines.py hold for all of it: every run has a timeout, every process started
here is stopped, and killed with its stacks written when it does not stop.

tests/conftest.py hands each page test a Reader as the `reader` fixture."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from harness import warm
from harness.deadlines import stop_process_group
from harness.project import SNIPPET_PATH

BIN = Path(sys.executable).parent  # where `flask`, `celery`, `rq`, `uvicorn`... of this environment are
TIMEOUT = 60  # seconds a command may run
STOP_TIMEOUT = 20  # seconds a process gets to stop once asked
COLD = os.environ.get("HARNESS_COLD") == "1"  # every run in a new interpreter (to compare)


def tool(name):
    """The path of a command installed in this environment (`celery`, `rq`, `uvicorn`...)."""
    return str(BIN / name)


class Process:
    """A process started by Reader.start(): its Popen, and the file its output goes to."""

    def __init__(self, popen, log):
        self.popen, self.log = popen, log

    @property
    def pid(self):
        return self.popen.pid

    @property
    def returncode(self):
        return self.popen.returncode

    def poll(self):
        return self.popen.poll()

    def output(self):
        """What the process has written so far (stdout and stderr, as a terminal shows them)."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, text, timeout=30):
        """Wait until the output shows `text` (a string, or a function of the output that returns
        something true); return the output, or what the function returned."""
        from harness.servers import wait_for

        found = text if callable(text) else (lambda output: text in output)
        return wait_for(lambda: found(self.output()), timeout=timeout, log=self.log)


class Reader:
    """What a reader runs, run from `folder` (the test's scratch folder) on the test's database;
    `snippet(name)` gives a snippet's path and records that the test exercises it."""

    def __init__(self, folder, database_url, snippet, request):
        self.folder, self.database_url, self.snippet, self._request = folder, database_url, snippet, request

    def environment(self, *, path=(), env=None, database=True):
        """The one environment: `path` (folders) before the snippets on the import path, then
        whatever PYTHONPATH the test run had; `env` on top. database=False: no DATABASE_URL (a
        snippet then picks its own)."""
        environment = {key: value for key, value in os.environ.items() if not key.startswith(("FLASK_", "WERKZEUG_"))}
        environment.pop("DATABASE_URL", None)
        inherited = [os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else []
        environment.update(
            PATH=os.pathsep.join([str(BIN), os.environ.get("PATH", "")]),
            PYTHONPATH=os.pathsep.join([*map(str, path), *SNIPPET_PATH, *inherited]),
            PYTHONUNBUFFERED="1",
        )
        if database:
            environment["DATABASE_URL"] = self.database_url
        environment.update(env or {})
        return environment

    def _warm(self):
        """Whether this test's Python runs may start warm: not marked `cold`, no HARNESS_COLD=1."""
        return not COLD and not self._request.node.get_closest_marker("cold")

    # -- a snippet imported into the test's own process ------------------------------------------

    def load(self, name):
        """Import the snippet module `name` anew, as a reader's process imports it once: its
        module-level code runs again (an app, a scheduler and its jobs, made again), with
        DATABASE_URL on the test's SQLite file. When the test ends, the module is forgotten and
        the SQLite connections of an app it made are closed."""
        import importlib

        monkeypatch = self._request.getfixturevalue("monkeypatch")
        monkeypatch.setenv("DATABASE_URL", self.database_url)
        monkeypatch.delitem(sys.modules, name, raising=False)
        module = importlib.import_module(name)
        monkeypatch.setitem(sys.modules, name, module)  # and forgotten at the end of the test
        self._request.addfinalizer(lambda: _close_database(module))
        return module

    # -- commands that run and end ---------------------------------------------------------------

    def run(self, argv, *, cwd=None, path=(), env=None, database=True, input=None, timeout=TIMEOUT):
        """Run `argv` (a list, or a shell line when a string) to its end: its CompletedProcess,
        stdout and stderr as text. A Python file, `-c` or `-m` starts warm, from an interpreter
        that has imported Flask and SQLAlchemy (tests/harness/warm.py), unless the test is
        marked `cold` or HARNESS_COLD=1 is set."""
        environment = self.environment(path=path, env=env, database=database)
        if self._warm() and warm.allowed(argv, environment):
            return warm.run(argv, cwd=cwd or self.folder, env=environment, input=input, timeout=timeout)
        return subprocess.run(
            argv, shell=isinstance(argv, str), cwd=cwd or self.folder, env=environment,
            input=input, capture_output=True, text=True, timeout=timeout,
        )

    def python(self, name, *args, **options):
        """`python <snippet> <args>`: name is the snippet's path under snippets/."""
        return self.run([sys.executable, str(self.snippet(name)), *args], **options)

    def script(self, name, text, *args, **options):
        """A file of the reader's own that no page shows (a test's variant of the reader's
        code): written as `name` in the test's folder, then run as `python <name> <args>` from
        there. Its frames then read as the reader's when the output is recorded with
        `project=[reader.folder]`."""
        (self.folder / name).write_text(text, encoding="utf-8")
        return self.run([sys.executable, name, *args], **options)

    def code(self, source, *args, **options):
        """`python -c <source> <args>`."""
        return self.run([sys.executable, "-c", source, *args], **options)

    def module(self, module, *args, **options):
        """`python -m <module> <args>` (`unittest`, `alembic`...)."""
        return self.run([sys.executable, "-m", module, *args], **options)

    def shell(self, line, **options):
        """A command line as a reader types it (`flask --app x run`, `FLASK_APP=x flask ...`)."""
        return self.run(line, **options)

    def flask(self, app, *args, **options):
        """`flask --app <app> <args>` (FLASK_APP=<app> before Flask 2.2, which has no --app), run
        as `python -m flask` so that its frames read as a library's in a traceback."""
        from harness.flask_lines import FLASK_VERSION

        if FLASK_VERSION >= (2, 2):
            return self.module("flask", "--app", app, *args, **options)
        return self.module("flask", *args, **{**options, "env": {"FLASK_APP": app, **(options.get("env") or {})}})

    @staticmethod
    def flask_line(app, *args):
        """The `flask` command line a reader types for `flask --app <app> <args>` on this Flask."""
        from harness.flask_lines import FLASK_VERSION

        if FLASK_VERSION >= (2, 2):
            return " ".join(["flask", "--app", app, *args])
        return " ".join([f"FLASK_APP={app}", "flask", *args])

    def pytest(self, folder, *args, path=(), flask_plugin=False, ci=True):
        """`pytest <args>` run from `folder` in a process of its own (pytester), as strict as this
        project's (STRICT_PYTEST_INI, kept outside snippets/), writing no caches into snippets/;
        pytest-flask left out unless flask_plugin; as on CI (CI set: summary lines in full,
        whatever the terminal) unless ci is false. No DATABASE_URL: the snippet's own tests set
        up their database. Warm (tests/harness/warm.py: a server that has imported pytest too)
        unless the test is marked `cold` or HARNESS_COLD=1 is set."""
        from harness.flask_lines import STRICT_PYTEST_INI

        pytester = self._request.getfixturevalue("pytester")
        monkeypatch = self._request.getfixturevalue("monkeypatch")
        (pytester.path / "pytest.ini").write_text(STRICT_PYTEST_INI)
        environment = self.environment(path=path, database=False)
        for key in os.environ.keys() - environment.keys():  # FLASK_..., WERKZEUG_..., DATABASE_URL
            monkeypatch.delenv(key)
        for key, value in environment.items():
            monkeypatch.setenv(key, value)
        monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")  # no caches written into snippets/
        if ci:
            monkeypatch.setenv("CI", "1")
        else:
            monkeypatch.delenv("CI", raising=False)
            monkeypatch.delenv("BUILD_NUMBER", raising=False)  # pytest reads either
        monkeypatch.setenv("COLUMNS", "80")
        monkeypatch.chdir(folder)
        args = ["-c", str(pytester.path / "pytest.ini"), f"--rootdir={folder}", "-p", "no:cacheprovider",
                *([] if flask_plugin else ["-p", "no:flask"]), *args]
        # what runpytest_subprocess runs, warm: the current folder first on PYTHONPATH, stdin closed
        basetemp = tempfile.mkdtemp(prefix="runpytest-", dir=pytester.path)
        argv = [sys.executable, "-m", "pytest", f"--basetemp={basetemp}", *args]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [os.getcwd(), os.environ.get("PYTHONPATH")]))}
        if not (self._warm() and warm.allowed(argv, env, warm.PYTEST)):
            return pytester.runpytest_subprocess(*args, timeout=120)
        import pytest

        started = time.monotonic()
        result = warm.run(argv, cwd=folder, env=env, input="", timeout=120, libraries=warm.PYTEST)
        try:
            code = pytest.ExitCode(result.returncode)
        except ValueError:
            code = result.returncode
        return pytest.RunResult(code, result.stdout.splitlines(), result.stderr.splitlines(),
                                time.monotonic() - started)

    # -- processes that run until stopped --------------------------------------------------------

    @contextmanager
    def serve(self, command, *, log="server.log", **options):
        """A web server started with `command` (`{port}` in it: a free port's number) until the
        block ends, as start() runs it; yields its Process, once the server answers on
        127.0.0.1:<process.port>."""
        from harness.servers import answers, free_port, wait_for

        port = free_port()
        with self.start([part.format(port=port) for part in command], log=log, **options) as process:
            process.port = port
            wait_for(lambda: answers(port))
            yield process

    @contextmanager
    def start(self, argv, *, log, stop=signal.SIGTERM, group=True, cwd=None, path=(), env=None, database=True):
        """Run `argv` in a process group of its own until the block ends; its output goes to
        `log` (a file name in the scratch folder). Then it is asked to stop with `stop`, sent to
        the whole group (Ctrl+C in a terminal; a server's master and workers) or, with
        group=False, to the process alone (`kill <pid>`); killed with its stacks written if it
        has not stopped within STOP_TIMEOUT (tests/harness/deadlines.py), and whatever of its
        group is left, killed. SIGINT is Ctrl+C, which the process gets even when the tests run
        in a background job (whose shell makes the processes it starts ignore SIGINT)."""
        log = self.folder / log
        ctrl_c = stop == signal.SIGINT
        with open(log, "w") as output:
            popen = subprocess.Popen(
                argv, cwd=cwd or self.folder, env=self.environment(path=path, env=env, database=database),
                stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
                preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)) if ctrl_c else None,
            )
        try:
            yield Process(popen, log)
        finally:
            try:
                if group:
                    os.killpg(popen.pid, stop)
                else:
                    popen.send_signal(stop)
            except ProcessLookupError:  # it ended by itself, and nothing of it is left
                pass
            try:
                popen.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                stop_process_group(popen, log)
            try:  # workers the master left behind
                os.killpg(popen.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _close_database(module):
    """Close the pooled SQLite connections of the app a snippet module made, if it made one."""
    app = getattr(module, "app", None)
    if app is not None and "sqlalchemy" in getattr(app, "extensions", {}):
        from myapp import db

        with app.app_context():
            db.engine.dispose()
