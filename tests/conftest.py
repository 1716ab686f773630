"""Fixtures every test may use: snippets as files or as `python <file>` runs, and the guard
that every file under snippets/ is exercised by some test (`--snippet-usage`)."""

import os
import socket
import subprocess
import sys
import threading
import time

import pytest

from support import (
    APP_CONTEXT_ERROR_TEXTS,
    FLASK_VERSION,
    REQUEST_CONTEXT_ERROR_TEXTS,
    SNIPPET_PATH,
    SNIPPETS,
    for_this_flask,
    snippet_files,
)

DEADLINE = 10  # seconds; a thread that takes longer has hung

sys.path[:0] = SNIPPET_PATH  # tests import snippets as a reader's project would: `import myapp`

# deadlines: every test and process has one, and an overrun shows where it was stuck
pytest_plugins = ["pytester", "deadlines"]


@pytest.fixture
def snippet(request):
    """snippet("fix-script/tldr.py") -> its path; records that this test exercises it."""

    def use(name):
        path = SNIPPETS / name
        assert path.is_file(), f"snippets/{name} does not exist"
        request.node.user_properties.append(("snippet", name))
        return path

    return use


@pytest.fixture
def error_text(snippet):
    """The application-context error exactly as this Flask version words it."""
    return snippet(for_this_flask(APP_CONTEXT_ERROR_TEXTS)).read_text(encoding="utf-8")


@pytest.fixture
def request_error_text(snippet):
    """The request-context error (no context at all) exactly as this Flask version words it."""
    return snippet(for_this_flask(REQUEST_CONTEXT_ERROR_TEXTS)).read_text(encoding="utf-8")


@pytest.fixture
def database_url(tmp_path):
    return f"sqlite:///{tmp_path / 'app.db'}"


@pytest.fixture
def app(database_url):
    """myapp (snippets/myapp/) with its tables created, on a SQLite file in tmp_path."""
    from myapp import create_app, db

    # Flask-SQLAlchemy 2.5 warns when this is unset (an error under filterwarnings = error).
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SQLALCHEMY_TRACK_MODIFICATIONS": False})
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()  # close pooled SQLite connections before the file goes


class ThreadErrors(list):
    """What threading.excepthook receives: the errors that escape a thread."""

    def __init__(self):
        super().__init__()
        self.arrived = threading.Event()

    def hook(self, args):
        self.append(args)
        self.arrived.set()

    def first(self):
        assert self.arrived.wait(DEADLINE), "no thread raised"
        args = self[0]
        args.thread.join(DEADLINE)
        return args


@pytest.fixture
def thread_errors(monkeypatch):
    """The exceptions that escape threads, collected instead of printed."""
    errors = ThreadErrors()
    monkeypatch.setattr(threading, "excepthook", errors.hook)
    return errors


@pytest.fixture
def run_python(snippet, tmp_path, database_url):
    """Run a snippet as `python <file>` from a scratch folder, as a reader would."""

    def run(name, *args, env=None, timeout=60):
        path = snippet(name)
        environment = {**os.environ, "PYTHONPATH": str(SNIPPETS), "DATABASE_URL": database_url, **(env or {})}
        return subprocess.run(
            [sys.executable, str(path), *args],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run


@pytest.fixture
def run_flask(tmp_path, database_url):
    """Run `flask --app <module> ...` as a reader would (FLASK_APP before Flask 2.2), from a
    scratch folder, with the snippets on the path and DATABASE_URL pointing into tmp_path."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("FLASK_")}
    environment.update(PYTHONPATH=os.pathsep.join(SNIPPET_PATH), DATABASE_URL=database_url)

    def run(module, *args, input=None):
        if FLASK_VERSION >= (2, 2):
            command, env = ["--app", module, *args], environment
        else:  # no --app option before Flask 2.2
            command, env = list(args), {**environment, "FLASK_APP": module}
        return subprocess.run(
            [sys.executable, "-m", "flask", *command],
            cwd=tmp_path, env=env, input=input, capture_output=True, text=True, timeout=60,
        )

    return run


@pytest.fixture
def translations(snippet, tmp_path):
    """Flask-Babel settings for the sample Vietnamese catalog, compiled into tmp_path as
    `pybabel compile -d translations` would compile it next to the application."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with snippet("fix-import-time/translations/vi/LC_MESSAGES/messages.po").open("rb") as po:
        catalog = read_po(po)
    folder = tmp_path / "translations" / "vi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as mo:
        write_mo(mo, catalog)
    return {"BABEL_TRANSLATION_DIRECTORIES": str(tmp_path / "translations")}


# -- The snippet-usage guard -----------------------------------------------------------------


def pytest_addoption(parser):
    parser.addoption(
        "--snippet-usage",
        action="store_true",
        help="fail the run if a file under snippets/ other than Python is read by no test",
    )


class SnippetUsage:
    """Collects the snippets each test used (reports reach the controller under xdist)."""

    def __init__(self):
        self.used = set()

    def pytest_runtest_logreport(self, report):
        self.used.update(value for key, value in report.user_properties if key == "snippet")

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session):
        unused = [name for name in snippet_files() if name not in self.used]
        if not unused:
            return
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        reporter.write_line("")
        for name in unused:
            reporter.write_line(f"snippets/{name}: no test exercises it", red=True, bold=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_configure(config):
    if config.getoption("--snippet-usage") and not hasattr(config, "workerinput"):
        config.pluginmanager.register(SnippetUsage(), "snippet-usage")


# -- A real Redis server, for the pages whose readers run one (Celery locks, RQ, Dramatiq) ---------

REDIS_SERVER = "/usr/bin/redis-server"  # Debian's redis-server; `nox -s tests` installs it


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """One redis-server on a free 127.0.0.1 port for the whole test session (per xdist worker);
    nothing is written to disk; stopped when the session ends."""
    if not os.path.exists(REDIS_SERVER):
        pytest.fail(f"{REDIS_SERVER} is missing: install Debian's redis-server (nox -s tests does)")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
         "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                if connection.recv(16).startswith(b"+PONG"):
                    break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail(f"redis-server did not answer on port {port}")
        time.sleep(0.02)
    yield f"redis://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def redis_url(redis_server):
    """The session's Redis, emptied for this test: redis://127.0.0.1:<port>/0."""
    host, port = redis_server.rsplit("/", 1)[1].split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(b"FLUSHALL\r\n")
        assert connection.recv(16).startswith(b"+OK")
    return f"{redis_server}/0"
