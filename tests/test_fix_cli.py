"""Flask CLI commands: the real `flask` command in a subprocess, and app.test_cli_runner()."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from myapp import db
from support import (
    DATABASE_CONTEXT_ERROR,
    FLASK_SQLALCHEMY_VERSION,
    FLASK_VERSION,
    SNIPPET_PATH,
    assert_recorded,
    console_runs,
    first_line,
    user_names,
)

ADDED = "Added user admin.\n"


@pytest.fixture
def shell(tmp_path, database_url):
    """Run a command line as a reader would type it, from a scratch folder.

    `flask` is the one installed next to this Python; the snippets folder is on the path, as
    the reader's project folder would be.
    """
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FLASK_", "WERKZEUG_"))  # no app or debug mode of ours
    }
    environment.update(
        PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
        PYTHONPATH=os.pathsep.join(SNIPPET_PATH),
        DATABASE_URL=database_url,
    )

    def run(command, input=None):
        return subprocess.run(
            command,
            shell=True,
            cwd=tmp_path,
            env=environment,
            input=input,
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run


def flask_command(module, *args):
    """`flask --app module ...`, or its FLASK_APP form where --app does not exist yet."""
    if FLASK_VERSION >= (2, 2):
        return " ".join(["flask", "--app", module, *args])
    return " ".join([f"FLASK_APP={module}", "flask", *args])


@pytest.fixture
def fresh(monkeypatch, database_url):
    """Import a snippet module anew, its module-level app using this test's database."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    apps = []

    def load(name):
        sys.modules.pop(name, None)
        module = importlib.import_module(name)
        apps.append(module.app)
        return module

    yield load
    for app in apps:  # close the SQLite file the test's app opened
        with app.app_context():
            db.engine.dispose()


# -- A click script run with python ----------------------------------------------------------


def test_click_script_run_with_python_fails(run_python, tmp_path):
    result = run_python("fix-cli/cli_script_broken.py")
    assert result.returncode == 1
    assert DATABASE_CONTEXT_ERROR in result.stderr.splitlines()
    assert_recorded("click", result.stderr)
    assert not (tmp_path / "app.db").exists()


def test_click_gives_its_commands_no_app_context(fresh):
    module = fresh("cli_script_broken")  # importing it runs nothing
    result = CliRunner().invoke(module.seed_db)
    assert isinstance(result.exception, RuntimeError)
    assert first_line(result.exception) == DATABASE_CONTEXT_ERROR


# -- The fix: a command on app.cli, run by `flask` -------------------------------------------

CONSOLES = {
    "fix-cli/cli_seed_db.console": ((2, 2), "flask --app arrived in Flask 2.2"),
    "fix-cli/cli_seed_db_flask_app.console": ((2, 0), ""),
}


@pytest.mark.parametrize("name", CONSOLES)
def test_flask_runs_the_command_in_a_context(snippet, shell, tmp_path, name):
    [(command, output)] = console_runs(snippet(name))
    since, why = CONSOLES[name]
    if FLASK_VERSION < since:
        pytest.skip(why)
    result = shell(command)
    assert result.returncode == 0, result.stderr
    assert result.stdout == output == ADDED
    assert user_names(tmp_path / "app.db") == ["admin"]


@pytest.mark.parametrize(
    "name",
    [
        "cli_seed_db",  # registered on app.cli: Flask gives it a context
        "cli_click_fixed",  # a plain click command that asks for one with @with_appcontext
    ],
)
def test_cli_runner_runs_a_command_that_has_a_context(fresh, tmp_path, name):
    module = fresh(name)
    result = module.app.test_cli_runner().invoke(args=["seed-db"])
    assert result.exception is None
    assert result.output == ADDED
    assert user_names(tmp_path / "app.db") == ["admin"]


def test_running_the_command_module_with_python_does_nothing(run_python, tmp_path):
    result = run_python("fix-cli/cli_seed_db.py")
    assert (result.returncode, result.stdout) == (0, "")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "app.db").exists()


def test_calling_the_command_yourself_cannot_find_the_app(snippet, shell, tmp_path):
    script = tmp_path / "seed_db.py"
    code = snippet("fix-cli/cli_seed_db.py").read_text(encoding="utf-8")
    script.write_text(code + '\n\nif __name__ == "__main__":\n    seed_db()\n', encoding="utf-8")
    result = shell("python seed_db.py")
    assert result.returncode == 2
    assert "Error: Could not locate a Flask application." in result.stderr
    assert not (tmp_path / "app.db").exists()


def test_calling_the_command_yourself_reads_flask_app_before_flask_2_2(snippet, shell, tmp_path):
    script = tmp_path / "seed_db.py"
    code = snippet("fix-cli/cli_seed_db.py").read_text(encoding="utf-8")
    script.write_text(code + '\n\nif __name__ == "__main__":\n    seed_db()\n', encoding="utf-8")
    result = shell("FLASK_APP=seed_db python seed_db.py")
    if FLASK_VERSION >= (2, 2):
        assert result.returncode == 2
        assert "Error: Could not locate a Flask application." in result.stderr
    else:  # the command found the application through FLASK_APP itself
        assert result.returncode == 0, result.stderr
        assert result.stdout == ADDED


def test_flask_shell_has_an_app_context(shell, tmp_path):
    lines = [
        "from myapp import db",
        "from myapp.models import User",
        "db.create_all()",
        "db.session.add(User(name='ada'))",
        "db.session.commit()",
    ]
    result = shell(flask_command("cli_seed_db", "shell"), input="\n".join(lines) + "\n")
    assert result.returncode == 0
    assert "Traceback" not in result.stderr, result.stderr
    assert user_names(tmp_path / "app.db") == ["ada"]


# -- Plain click commands added with app.cli.add_command() -----------------------------------


def test_cli_runner_gives_a_plain_click_command_no_context(fresh, tmp_path):
    module = fresh("cli_click_broken")
    result = module.app.test_cli_runner().invoke(args=["seed-db"])
    assert isinstance(result.exception, RuntimeError)
    assert first_line(result.exception) == DATABASE_CONTEXT_ERROR
    assert result.output == ""


def test_flask_gives_a_plain_click_command_a_context_from_flask_2_2(shell, tmp_path):
    result = shell(flask_command("cli_click_broken", "seed-db"))
    if FLASK_VERSION >= (2, 2):
        assert result.returncode == 0, result.stderr
        assert result.stdout == ADDED
        assert user_names(tmp_path / "app.db") == ["admin"]
    else:
        assert result.returncode == 1
        assert DATABASE_CONTEXT_ERROR in result.stderr.splitlines()


def test_flask_runs_a_command_with_appcontext_on_every_version(shell, tmp_path):
    result = shell(flask_command("cli_click_fixed", "seed-db"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ADDED
    assert user_names(tmp_path / "app.db") == ["admin"]


def test_flask_shell_defines_db_and_the_models_from_flask_sqlalchemy_3(shell, tmp_path):
    lines = ["db.create_all()", "db.session.add(User(name='ada'))", "db.session.commit()"]  # no import
    result = shell(flask_command("cli_seed_db", "shell"), input="\n".join(lines) + "\n")
    assert result.returncode == 0
    if FLASK_SQLALCHEMY_VERSION >= (3, 0):
        assert "Traceback" not in result.stderr, result.stderr
        assert user_names(tmp_path / "app.db") == ["ada"]
    else:
        assert "NameError: name 'db' is not defined" in result.stderr
        assert not (tmp_path / "app.db").exists()
