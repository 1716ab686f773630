"""Fixtures every page test may use: snippets as files, the `reader` that runs them as a reader
would (tests/harness/reader.py), the errors as this Flask words them, the sample app, the
errors of threads, a real Redis; and the guard that every file under snippets/ is exercised by
some test (`--snippet-usage`).

Nothing here imports Flask or the snippets' other packages before a fixture that needs them
runs: the translators' checks (tests/site/test_catalogs.py) run where none is installed."""

import _thread
import sys
import threading

import pytest

from harness.project import SNIPPET_PATH, SNIPPETS, snippet_files

sys.path[:0] = SNIPPET_PATH  # tests import snippets as a reader's project would: `import myapp`

# deadlines: every test and process has one, and an overrun shows where it was stuck
pytest_plugins = ["pytester", "harness.deadlines"]


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
def reader(snippet, tmp_path, database_url, request):
    """Runs snippets, commands and processes as a reader would, from tmp_path, on the test's
    SQLite file: reader.python("fix-script/tldr.py"), reader.flask("myapp", "shell"),
    reader.shell("..."), reader.pytest(folder, ...), `with reader.start([...], log=...) as p`
    (tests/harness/reader.py)."""
    from harness.reader import Reader

    return Reader(tmp_path, database_url, snippet, request)


@pytest.fixture
def error_text(snippet):
    """The application-context error exactly as this Flask version words it."""
    from harness.flask_lines import APP_CONTEXT_ERROR_TEXTS, for_this_flask

    return snippet(for_this_flask(APP_CONTEXT_ERROR_TEXTS)).read_text(encoding="utf-8")


@pytest.fixture
def request_error_text(snippet):
    """The request-context error (no context at all) exactly as this Flask version words it."""
    from harness.flask_lines import REQUEST_CONTEXT_ERROR_TEXTS, for_this_flask

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


@pytest.fixture
def thread_errors(monkeypatch):
    """The exceptions that escape threads, collected instead of printed (harness.apps.ThreadErrors)."""
    from harness.apps import ThreadErrors

    errors = ThreadErrors(_thread._excepthook)  # Python's own (threading.__excepthook__ from 3.10)
    monkeypatch.setattr(threading, "excepthook", errors.hook)
    return errors


@pytest.fixture
def translations(snippet, tmp_path):
    """Flask-Babel settings for the sample Vietnamese catalog, compiled into tmp_path as
    `pybabel compile -d translations` would compile it next to the application."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with snippet("fix-shared-code/translations/vi/LC_MESSAGES/messages.po").open("rb") as po:
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


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """One redis-server on a free 127.0.0.1 port for the whole test session (per xdist worker);
    nothing is written to disk; stopped when the session ends."""
    import os

    from harness.servers import REDIS_SERVER, start_redis

    if not os.path.exists(REDIS_SERVER):
        pytest.fail(f"{REDIS_SERVER} is missing: install Debian's redis-server (nox -s tests does)")
    with start_redis(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def redis_url(redis_server):
    """The session's Redis, emptied for this test: redis://127.0.0.1:<port>/0."""
    from harness.servers import flush_redis

    flush_redis(redis_server)
    return f"{redis_server}/0"
