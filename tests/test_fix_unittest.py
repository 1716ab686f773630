"""Tests other than pytest fixtures: unittest run as `python -m unittest`, a transaction rolled
back per test, and the pytest-flask plugin's app fixture (real pytest sessions, pytester)."""

import re
import sys

import pytest

from harness.flask_lines import (
    APP_CONTEXT_ERROR,
    DATABASE_CONTEXT_ERROR,
    FLASK_SQLALCHEMY_VERSION,
    REQUEST_ERROR_IN_APP_CONTEXT,
    first_line,
)
from harness.output import assert_shows
from harness.project import SNIPPETS, console_runs
from harness.recordings import assert_recorded

FOLDER = SNIPPETS / "fix-unittest"


def unittest_run(reader, module):
    """`python -m unittest <module>` from the scratch folder, as a reader runs it."""
    reader.snippet(f"fix-unittest/{module}.py")
    return reader.module("unittest", module, path=[FOLDER], env={"PYTHONDONTWRITEBYTECODE": "1"})


def test_a_test_method_without_context_errors(reader, snippet):
    result = unittest_run(reader, "unittest_users_broken")
    assert result.returncode == 1
    assert_recorded("unittest", result.stderr)
    assert DATABASE_CONTEXT_ERROR in result.stderr.splitlines()
    assert result.stderr.endswith("FAILED (errors=1)\n")
    excerpt = snippet("fix-unittest/unittest_error.txt").read_text(encoding="utf-8")
    # The page shows Python 3.11+ with Flask-SQLAlchemy 3, and says what the others print instead.
    if sys.version_info < (3, 11):  # older unittest names the test without its method
        excerpt = excerpt.replace("UserTests.test_starts_empty)", "UserTests)")
    if FLASK_SQLALCHEMY_VERSION < (3, 0):  # 2.5, for Flask 2.0 and 2.1: "No application found."
        excerpt = excerpt.replace(APP_CONTEXT_ERROR, DATABASE_CONTEXT_ERROR)
        assert DATABASE_CONTEXT_ERROR.startswith("RuntimeError: No application found.")
    assert_shows(excerpt, result.stderr)


def test_context_pushed_in_setup_passes(reader, snippet):
    [(command, output)] = console_runs(snippet("fix-unittest/unittest_run.console"))
    result = unittest_run(reader, command.split()[-1])
    assert result.returncode == 0, result.stderr
    assert_shows(output, result.stderr, whole=True)


def test_class_level_set_up_runs_before_any_context(reader):
    result = unittest_run(reader, "unittest_class_broken")
    assert result.returncode == (5 if sys.version_info >= (3, 12) else 1)  # 3.12+: 5 when no test ran
    assert "ERROR: setUpClass (unittest_class_broken.UserTests)" in result.stderr.splitlines()
    assert DATABASE_CONTEXT_ERROR in result.stderr.splitlines()
    assert re.search(r"\nRan 0 tests in \d+\.\d+s\n\nFAILED \(errors=1\)\n\Z", result.stderr), result.stderr
    assert_recorded("unittest_class", result.stderr)


def test_the_broken_class_passes_once_its_class_level_set_up_has_a_context(reader):
    """Nothing else is wrong with unittest_class_broken: its setUpClass run in a context (the
    page's fix), its tests pass."""
    module = reader.load("unittest_class_broken")
    UserTests, app = module.UserTests, module.create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    module.create_app = lambda config: app  # the app that setUpClass makes, to push it first
    with app.app_context():
        UserTests.setUpClass()
    test = UserTests("test_ada_is_there")
    test.setUp()
    test.test_ada_is_there()
    test.doCleanups()


def test_class_level_set_up_in_a_context_of_its_own_passes_run_after_run(reader):
    for _run in range(2):  # the class-level clean-up leaves the database as it found it
        result = unittest_run(reader, "unittest_class_fixed")
        assert result.returncode == 0, result.stderr
        assert re.search(r"\nRan 2 tests in \d+\.\d+s\n\nOK\n\Z", result.stderr), result.stderr


@pytest.mark.skipif(
    FLASK_SQLALCHEMY_VERSION < (3, 0),
    reason="db.engines, which the recipe swaps for a connection, is new in Flask-SQLAlchemy 3.0",
)
def test_each_test_is_rolled_back(reader):
    result = unittest_run(reader, "unittest_rollback")
    assert result.returncode == 0, result.stderr
    # unittest runs test_add_user, which commits a user, before test_starts_empty, which finds none
    assert re.search(r"\nRan 2 tests in \d+\.\d+s\n\nOK\n\Z", result.stderr), result.stderr



def pytest_flask_run(reader, name, *args):
    """`pytest <file>` in a subprocess from the pytest-flask snippet folder, with pytest-flask
    loaded as an installed plugin is."""
    folder = reader.snippet(f"fix-unittest/pytest_flask_tests/{name}").parent
    reader.snippet("fix-unittest/pytest_flask_tests/conftest.py")
    return reader.pytest(folder, name, *args, flask_plugin=True)


def test_pytest_flask_pushes_nothing_for_a_test_without_app(reader):
    result = pytest_flask_run(reader, "test_users_broken.py")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"E * {DATABASE_CONTEXT_ERROR}"])


def test_pytest_flask_pushes_a_request_context_for_tests_with_app(reader):
    result = pytest_flask_run(reader, "test_users.py")
    result.assert_outcomes(passed=3)


def test_without_the_plugin_the_same_tests_fail(reader):
    result = pytest_flask_run(reader, "test_users.py", "-p", "no:flask")
    result.assert_outcomes(passed=0, failed=2, errors=1)  # no client fixture either


def test_requests_reuse_a_test_request_context_up_to_flask_3_1():
    """What pytest-flask pushes for a whole test is reused by the client's requests (g included)."""
    from flask import Flask, g

    from harness.flask_lines import FLASK_VERSION

    app = Flask(__name__)
    app.add_url_rule("/whoami", view_func=lambda: g.get("user", "nobody"))
    with app.test_request_context():
        g.user = "ada"
        seen = app.test_client().get("/whoami").get_data(as_text=True)
    assert seen == ("ada" if FLASK_VERSION < (3, 2) else "nobody")


def test_a_flask_wtf_form_needs_a_request_for_csrf(reader, snippet):
    snippet("fix-unittest/unittest_form.py")
    result = unittest_run(reader, "unittest_form_broken")
    assert result.returncode == 1
    assert REQUEST_ERROR_IN_APP_CONTEXT in result.stderr.splitlines()
    assert "in generate_csrf" in result.stderr
    assert result.stderr.endswith("FAILED (errors=1)\n")


def test_without_csrf_the_form_validates_in_an_app_context(reader):
    result = unittest_run(reader, "unittest_form_fixed")
    assert result.returncode == 0, result.stderr
    assert re.search(r"\nRan 2 tests in \d+\.\d+s\n\nOK\n\Z", result.stderr), result.stderr


def test_csrf_off_for_one_form_needs_no_request(snippet):
    """`SignupForm(meta={"csrf": False})`: CSRF protection stays on in the configuration."""
    from myapp import create_app

    snippet("fix-unittest/unittest_form.py")
    from unittest_form import SignupForm

    app = create_app({"SECRET_KEY": "dev"})
    with app.app_context():
        assert app.config.get("WTF_CSRF_ENABLED", True)
        with pytest.raises(RuntimeError) as raised:
            SignupForm(data={"name": "ada"})
        assert first_line(raised.value) == REQUEST_ERROR_IN_APP_CONTEXT
        form = SignupForm(data={"name": ""}, meta={"csrf": False})
        assert not form.validate() and "name" in form.errors
        assert SignupForm(data={"name": "ada"}, meta={"csrf": False}).validate()


def test_a_database_url_set_after_init_app(tmp_path):
    """What the page says of a test that sets the database of an application made at import."""
    from flask import Flask
    from flask_sqlalchemy import SQLAlchemy

    app = Flask("shop", instance_path=str(tmp_path))
    app.config.update(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'real.db'}", SQLALCHEMY_TRACK_MODIFICATIONS=False)
    db = SQLAlchemy()
    db.init_app(app)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"  # what a setUp() does afterwards
    with app.app_context():
        url = str(db.engine.url)
    if FLASK_SQLALCHEMY_VERSION >= (3, 0):
        assert url == f"sqlite:///{tmp_path / 'real.db'}"  # ignored: the real database
    else:
        assert url == "sqlite://"

