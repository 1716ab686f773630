"""The pytest page: each conftest snippet runs as a real pytest session (pytester, subprocess).

The sessions run the snippet files where they are, so that coverage sees them, with
`snippets/` on the path (`import myapp`) and an ini file of their own in the scratch folder.
"""


import shutil
import sys
from unittest import mock

import pytest
from flask import Flask, g, has_app_context, has_request_context, request

from harness.flask_lines import (
    APP_CONTEXT_ERROR,
    DATABASE_CONTEXT_ERROR,
    FLASK_SQLALCHEMY_VERSION,
    FLASK_VERSION,
    REQUEST_CONTEXT_ERROR,
)
from harness.output import assert_shows
from harness.project import SNIPPETS
from harness.recordings import assert_recorded
from myapp import create_app

FOLDER = SNIPPETS / "fix-pytest"  # the conftest of the fix is imported from here: pytest_fixtures.conftest

# Up to Flask 3.1 a request reuses an active app context; 3.2 merges the two contexts and a
# request always pushes its own.
REUSES_CONTEXT = FLASK_VERSION < (3, 2)

# Requests made while a test holds a context, through app_ctx or a with block.
MIXED_TEST = """\
from flask import g


def whoami():
    return g.get("user", "nobody")


def test_with_app_ctx(app_ctx, app, client):
    app.add_url_rule("/whoami", view_func=whoami)
    g.user = "ada"
    assert client.get("/whoami").get_data(as_text=True) == "nobody"


def test_inside_a_with_block(app, client):
    app.add_url_rule("/whoami", view_func=whoami)
    with app.app_context():
        g.user = "ada"
        assert client.get("/whoami").get_data(as_text=True) == "nobody"
"""

# Leaves a flushed, uncommitted row behind: the app fixture's teardown must still succeed.
UNCOMMITTED_TEST = """\
from myapp import db
from myapp.models import User


def test_flush_without_commit(app_ctx):
    db.session.add(User(name="ada"))
    db.session.flush()
"""


def run_pytest(reader, folder, *args):
    """`pytest *args` in a subprocess, from `folder`, as a reader would run it, with the conftest
    of the fix importable (pytest_fixtures.conftest)."""
    return reader.pytest(folder, *args, path=[FOLDER])


def test_fixtures_pass(reader, snippet):
    result = run_pytest(reader, snippet("fix-pytest/pytest_fixtures/test_users.py").parent)
    result.assert_outcomes(passed=3)


def test_a_test_without_context_fails(reader, snippet):
    """The broken test, run with the fixed conftest: the RuntimeError, at its own line."""
    folder = snippet("fix-pytest/pytest_broken/test_users.py").parent
    result = run_pytest(reader, folder, "-p", "pytest_fixtures.conftest")  # the conftest of the fix
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"E * {DATABASE_CONTEXT_ERROR}"])
    result.stdout.fnmatch_lines(["test_users.py:8:*"])  # the db.session.add() line
    assert_recorded("pytest", str(result.stdout))


def test_with_pytest_flask_installed_the_test_without_context_passes(reader, snippet):
    """The page: pytest loads the plugin by itself, and its request context hides the mistake."""
    folder = snippet("fix-pytest/pytest_broken/test_users.py").parent
    result = reader.pytest(folder, "-p", "pytest_fixtures.conftest", path=[FOLDER], flask_plugin=True)
    result.assert_outcomes(passed=1)


def test_the_fixture_needs_no_session_remove(reader, pytester):
    """Each context removes its session when it ends, so drop_all() finds no open transaction."""
    pytester.makepyfile(test_uncommitted=UNCOMMITTED_TEST)
    result = run_pytest(reader, pytester.path, "-p", "pytest_fixtures.conftest")
    result.assert_outcomes(passed=1)


def test_requests_made_inside_a_test_context_reuse_it(reader, pytester):
    pytester.makepyfile(test_mixed=MIXED_TEST)
    result = run_pytest(reader, pytester.path, "-p", "pytest_fixtures.conftest")
    if not REUSES_CONTEXT:
        result.assert_outcomes(passed=2)
        return
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            "FAILED test_mixed.py::test_with_app_ctx - AssertionError: assert 'ada' == 'nobody'",
            "FAILED test_mixed.py::test_inside_a_with_block - AssertionError: assert 'ada' == 'nobody'",
        ]
    )


def test_a_context_held_for_the_whole_test_leaks(reader, snippet):
    if not REUSES_CONTEXT:
        pytest.skip("the output shown is Flask <= 3.1's; from 3.2 a request pushes its own context")
    console = snippet("fix-pytest/pytest_leaky_output.console").read_text(encoding="utf-8")
    command, expected = console.split("\n", 1)
    assert command == "$ pytest -q --tb=no"
    result = run_pytest(reader, snippet("fix-pytest/pytest_leaky/test_leaks.py").parent, "-q", "--tb=no")
    result.assert_outcomes(failed=2, errors=1)
    assert_shows(expected, result.stdout.str(), whole=True)


@pytest.mark.parametrize("verbosity, whole", [("-q", False), ("-vv", True)])
def test_off_ci_the_summary_lines_are_whole_with_vv_only(reader, snippet, verbosity, whole):
    """Where CI is not set, each summary line keeps the first line of its message, cut to the
    terminal's width (80 columns here), unless -vv takes the place of -q."""
    if not REUSES_CONTEXT:
        pytest.skip("the leaky tests fail on Flask <= 3.1 only (the test above)")
    folder = snippet("fix-pytest/pytest_leaky/test_leaks.py").parent
    result = reader.pytest(folder, verbosity, "--tb=no", path=[FOLDER], ci=False)
    summary = result.stdout.str().split("short test summary info", 1)[1]
    assert ("AssertionError: assert 'ada' == 'nobody'" in summary) == whole
    if not whole:
        assert all(len(line) <= 80 for line in summary.splitlines())
        assert "FAILED test_leaks.py::test_request_starts_with_empty_g - AssertionError: asse..." in summary


def test_from_flask_3_2_requests_do_not_reuse_the_test_context(reader, snippet):
    if REUSES_CONTEXT:
        pytest.skip("Flask <= 3.1 reuses the test's context (the test above)")
    result = run_pytest(reader, snippet("fix-pytest/pytest_leaky/test_leaks.py").parent)
    result.assert_outcomes(passed=2)


def test_an_in_memory_database_hides_the_lock(reader, pytester, snippet):
    """The same fixture on sqlite:///:memory: (one shared connection): no teardown error."""
    conftest = snippet("fix-pytest/pytest_leaky/conftest.py").read_text(encoding="utf-8")
    file_url = "f\"sqlite:///{tmp_path / 'test.db'}\""
    assert file_url in conftest
    pytester.makeconftest(conftest.replace(file_url, '"sqlite:///:memory:"'))
    pytester.makepyfile(test_leaks=snippet("fix-pytest/pytest_leaky/test_leaks.py").read_text(encoding="utf-8"))
    result = run_pytest(reader, pytester.path)
    if not REUSES_CONTEXT:
        result.assert_outcomes(passed=2)
        return
    result.assert_outcomes(failed=2)  # the leaks, but no "database is locked"
    result.stdout.fnmatch_lines(["E * AssertionError: assert '1' == '0'"])


# -- How requests and contexts meet, in this process --------------------------------------------


@pytest.fixture
def whoami_app(database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})

    @app.get("/whoami")
    def whoami():
        return f"{g.get('user', 'nobody')}, context: {has_app_context()}"

    return app


def test_a_request_context_lasts_as_long_as_the_request(whoami_app):
    assert whoami_app.test_client().get("/whoami").get_data(as_text=True) == "nobody, context: True"
    assert not has_app_context()


def test_a_with_client_block_keeps_the_last_requests_context_until_it_ends(whoami_app):
    with whoami_app.test_client() as client:
        client.get("/whoami?last=yes")
        assert has_request_context() and request.args["last"] == "yes"
    assert not has_app_context() and not has_request_context()


def test_a_request_does_not_reuse_the_context_of_another_app(whoami_app):
    with Flask("other").app_context():
        g.user = "ada"
        response = whoami_app.test_client().get("/whoami")
    assert response.get_data(as_text=True) == "nobody, context: True"


# -- with client: keeps the last request's context ---------------------------------------------


def test_with_client_keeps_the_last_request_context(reader, snippet):
    folder = snippet("fix-pytest/pytest_client_with/test_login.py").parent
    result = run_pytest(reader, folder, "-p", "pytest_fixtures.conftest")
    result.assert_outcomes(passed=1)


def test_with_pytest_flask_installed_a_context_is_left_after_the_block(reader, snippet, tmp_path):
    """The page's "unless pytest-flask keeps its own": its request context outlives the block.
    The two files side by side, as a reader copies them (a conftest.py's fixtures come before
    a plugin's)."""
    for name in ("pytest_fixtures/conftest.py", "pytest_client_with/test_login.py"):
        shutil.copy(snippet(f"fix-pytest/{name}"), tmp_path)
    result = reader.pytest(tmp_path, flask_plugin=True)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["E * assert not True*"])
    result = reader.pytest(tmp_path)  # and without the plugin, the test passes
    result.assert_outcomes(passed=1)


def test_the_request_context_stays_until_the_with_block_ends(whoami_app):
    client = whoami_app.test_client()
    client.get("/whoami")
    assert not has_request_context()  # without the with block: gone with the request
    with client:
        assert not has_app_context()  # nothing before the first request
        client.get("/whoami?after=1")
        assert has_request_context() and has_app_context()
        assert request.args["after"] == "1"
        client.get("/whoami?after=2")  # the next request replaces it
        assert request.args["after"] == "2"
    assert not has_request_context() and not has_app_context()


# -- mock.patch() on a proxy ---------------------------------------------------------------------


def run_pricing_tests(reader, snippet, name):
    snippet("fix-pytest/pytest_mock/pricing.py")
    return reader.pytest(snippet(f"fix-pytest/pytest_mock/{name}").parent, name)


def test_patching_current_app_fails_in_mock_before_the_test_runs(reader, snippet):
    result = run_pricing_tests(reader, snippet, "test_pricing_broken.py")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["test_pricing_broken.py:7: ", "*/unittest/mock.py:*: in __enter__",
                                 f"E * {APP_CONTEXT_ERROR}"])
    assert_recorded("mock_patch", str(result.stdout))


DECORATED = """\
from unittest import mock

from pricing import discounted


@mock.patch("pricing.current_app")
def test_discount(app):
    app.config = {"DISCOUNT": 0.25}
    assert discounted(100) == 75
"""


def test_patching_with_a_decorator_fails_with_no_line_of_the_test_in_the_report(reader, snippet, tmp_path):
    pricing = snippet("fix-pytest/pytest_mock/pricing.py")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_decorated.py").write_text(DECORATED, encoding="utf-8")
    result = reader.pytest(tmp_path / "tests", "test_decorated.py", path=[pricing.parent])
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*/unittest/mock.py:*", f"E * {APP_CONTEXT_ERROR}"])
    assert "test_decorated.py:" not in str(result.stdout).partition("short test summary")[0]


def test_the_broken_test_fails_in_mock_patch_not_in_its_own_lines(reader, snippet, monkeypatch):
    """Run inside a context, the same test passes: what it lacks is a context for mock.patch()."""
    monkeypatch.syspath_prepend(str(snippet("fix-pytest/pytest_mock/test_pricing_broken.py").parent))
    snippet("fix-pytest/pytest_mock/pricing.py")
    monkeypatch.delitem(sys.modules, "pricing", raising=False)
    module = reader.load("test_pricing_broken")
    with Flask(__name__).app_context():
        module.test_discount()


def test_a_mock_handed_over_with_new_or_a_real_app_passes(reader, snippet):
    run_pricing_tests(reader, snippet, "test_pricing.py").assert_outcomes(passed=2)


@pytest.mark.parametrize("name, error", [("current_app", APP_CONTEXT_ERROR), ("g", APP_CONTEXT_ERROR),
                                         ("request", REQUEST_CONTEXT_ERROR)])
def test_mock_patch_reads_whichever_proxy_it_replaces_unless_given_new(name, error):
    with pytest.raises(RuntimeError) as raised, mock.patch(f"flask.{name}"):
        pass
    assert f"RuntimeError: {raised.value}".startswith(error)
    with mock.patch(f"flask.{name}", new=mock.MagicMock()) as replaced:
        import flask

        assert getattr(flask, name) is replaced


# -- A plugin's fixture: pytest-flask-sqlalchemy's transaction, set up on the reader's _db -------

# The reader's tests, which take the plugin's db_session (the page shows only the conftest).
PLUGIN_TESTS = """\
from myapp.models import User


def test_add_user(db_session):
    db_session.add(User(name="ada"))
    db_session.commit()
    assert db_session.query(User).count() == 1


def test_the_last_test_left_nothing(db_session):
    assert db_session.query(User).count() == 0


def test_no_context_is_left_for_a_test_without_the_plugin():
    from flask import has_app_context

    assert not has_app_context()
"""
# What the application writes through db.session, in a test that takes db_session.
APPLICATION_WRITES = """\
from myapp import db
from myapp.models import User


def test_the_application_adds_a_user(db_session):
    db.session.add(User(name="grace"))
    db.session.commit()


def test_the_last_test_left_nothing(db_session):
    assert db_session.query(User).count() == 0


def test_without_db_session_what_it_commits_stays(app):
    with app.app_context():
        db.session.add(User(name="ada"))
        db.session.commit()


def test_the_last_test_left_its_user(db_session):
    assert db_session.query(User).count() == 1
"""


def plugin_pytest(reader, conftest, tests=PLUGIN_TESTS, options=()):
    """pytest on the reader's `tests` with the module `conftest` (a snippet's, or one the test
    wrote into its folder) as their conftest.py: loaded after the plugin, whose own `_db` (which
    only says to define one) it overrides, as a conftest.py beside the tests does."""
    (reader.folder / "test_users.py").write_text(tests, encoding="utf-8")
    return reader.pytest(reader.folder, "-p", "no:pytest-flask-sqlalchemy", "-p", "pytest_flask_sqlalchemy.plugin",
                         "-p", conftest, *options, path=[FOLDER, reader.folder])


def plugin_conftest(snippet, variant):
    """The module of the page's conftest.py, `broken` or `fixed`."""
    snippet(f"fix-pytest/pytest_plugin_{variant}/conftest.py")
    return f"pytest_plugin_{variant}.conftest"


def test_a_plugins_fixture_without_a_context_errors_at_set_up(reader, snippet):
    """The page: pytest reports an error at set-up, in the plugin's frames, and `mocker` (one of
    the plugin's fixtures) in the report patches nothing."""
    result = plugin_pytest(reader, plugin_conftest(snippet, "broken"))
    result.assert_outcomes(errors=2, passed=1)
    result.stdout.fnmatch_lines(["*ERROR at setup of test_add_user*", "mocker = <pytest_mock.*",
                                 "*pytest_flask_sqlalchemy/fixtures.py:*", f"E * {DATABASE_CONTEXT_ERROR}"])
    assert_recorded("pytest_plugin", str(result.stdout))


def test_a_plugins_fixture_given_a_context_runs_each_test_in_a_transaction_of_its_own(reader, snippet):
    result = plugin_pytest(reader, plugin_conftest(snippet, "fixed"))
    if FLASK_SQLALCHEMY_VERSION < (3, 0):
        result.assert_outcomes(passed=3)  # the second finds nothing of the first; the third no context
    else:  # the plugin's last release (1.1.0) calls a method that Flask-SQLAlchemy 3.0 removed
        result.assert_outcomes(errors=2, passed=1)
        result.stdout.fnmatch_lines(["E * AttributeError: create_scoped_session"])


@pytest.mark.skipif(FLASK_SQLALCHEMY_VERSION >= (3, 0), reason="the plugin works with Flask-SQLAlchemy 2 only (above)")
def test_a_session_scoped_db_fixture_leaves_its_context_to_every_later_test(reader, snippet):
    """The page: with scope="session", the context that _db pushed stays for the whole run."""
    fixed = snippet("fix-pytest/pytest_plugin_fixed/conftest.py").read_text(encoding="utf-8")
    session_scoped = fixed.replace("@pytest.fixture\ndef _db(", '@pytest.fixture(scope="session")\ndef _db(')
    assert session_scoped != fixed
    (reader.folder / "session_db.py").write_text(session_scoped, encoding="utf-8")
    result = plugin_pytest(reader, "session_db")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*test_no_context_is_left_for_a_test_without_the_plugin*"])


@pytest.mark.skipif(FLASK_SQLALCHEMY_VERSION >= (3, 0), reason="the plugin works with Flask-SQLAlchemy 2 only (above)")
@pytest.mark.parametrize("mocked", [False, True])
def test_what_the_application_writes_is_rolled_back_once_its_session_is_named(reader, snippet, mocked):
    """The page: db_session's transaction holds what the test writes through it; what the
    application writes through db.session too, with mocked-sessions naming it; a test without
    db_session keeps what it commits."""
    options = ["-o", "mocked-sessions=myapp.db.session"] if mocked else []
    result = plugin_pytest(reader, plugin_conftest(snippet, "fixed"), APPLICATION_WRITES, options)
    result.assert_outcomes(**({"passed": 4} if mocked else {"passed": 2, "failed": 2}))
