"""Fixtures every test may use: snippets as files or as `python <file>` runs, and the guard
that every file under snippets/ is exercised by some test (`--snippet-usage`)."""

import os
import subprocess
import sys

import pytest
from support import FLASK_VERSION, SNIPPET_PATH, SNIPPETS, error_file_for, snippet_files

sys.path[:0] = SNIPPET_PATH  # tests import snippets as a reader's project would: `import myapp`

pytest_plugins = ["pytester"]


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
    return snippet(error_file_for(FLASK_VERSION)).read_text(encoding="utf-8")


@pytest.fixture
def database_url(tmp_path):
    return f"sqlite:///{tmp_path / 'app.db'}"


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
