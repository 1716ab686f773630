"""Flask CLI commands: the real `flask` command in a subprocess, and app.test_cli_runner()."""

import pytest
from click.testing import CliRunner

from harness.apps import add_users, user_names
from harness.flask_lines import (
    APP_CONTEXT_ERROR,
    DATABASE_CONTEXT_ERROR,
    FLASK_SQLALCHEMY_VERSION,
    FLASK_VERSION,
    SECOND_RUN_ERROR,
    first_line,
    warned_as_its_flask_sqlalchemy_does,
)
from harness.project import console_runs
from harness.recordings import assert_recorded

ADDED = "Added user admin.\n"


# -- A click script run with python ----------------------------------------------------------


def test_click_script_run_with_python_fails(reader, tmp_path):
    result = reader.python("fix-cli/cli_script_broken.py")
    assert result.returncode == 1
    assert DATABASE_CONTEXT_ERROR in result.stderr.splitlines()
    assert_recorded("click", result.stderr)
    assert not (tmp_path / "app.db").exists()


def test_click_gives_its_commands_no_app_context(reader):
    module = reader.load("cli_script_broken")  # importing it runs nothing
    result = CliRunner().invoke(module.seed_db)
    assert isinstance(result.exception, RuntimeError)
    assert first_line(result.exception) == DATABASE_CONTEXT_ERROR


# -- The fix: a command on app.cli, run by `flask` -------------------------------------------

CONSOLES = {
    "fix-cli/cli_seed_db.console": ((2, 2), "flask --app arrived in Flask 2.2"),
    "fix-cli/cli_seed_db_flask_app.console": ((2, 0), ""),
}


@pytest.mark.parametrize("name", CONSOLES)
def test_flask_runs_the_command_in_a_context(snippet, reader, tmp_path, name):
    [(command, output)] = console_runs(snippet(name))
    since, why = CONSOLES[name]
    if FLASK_VERSION < since:
        pytest.skip(why)
    result = reader.shell(command)
    assert result.returncode == 0, result.stderr
    assert result.stdout == output == ADDED
    assert user_names(tmp_path / "app.db") == ["admin"]
    # the page: Flask-SQLAlchemy 2.5 warns first about a setting the sample app leaves unset
    assert warned_as_its_flask_sqlalchemy_does(result.stderr)


@pytest.mark.parametrize(
    "name",
    [
        "cli_seed_db",  # registered on app.cli: Flask gives it a context
        "cli_click_fixed",  # a plain click command that asks for one with @with_appcontext
    ],
)
def test_cli_runner_runs_a_command_that_has_a_context(reader, tmp_path, name):
    module = reader.load(name)
    result = module.app.test_cli_runner().invoke(args=["seed-db"])
    assert result.exception is None
    assert result.output == ADDED
    assert user_names(tmp_path / "app.db") == ["admin"]
    # The page: on a database already seeded, the unique name fails the command.
    again = module.app.test_cli_runner().invoke(args=["seed-db"])
    assert again.exit_code == 1
    assert f"{type(again.exception).__module__}.{first_line(again.exception)}" == SECOND_RUN_ERROR


def test_running_the_command_module_with_python_does_nothing(reader, tmp_path):
    result = reader.python("fix-cli/cli_seed_db.py")
    assert (result.returncode, result.stdout) == (0, "")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "app.db").exists()


@pytest.fixture
def seed_script(snippet, tmp_path):
    """seed_db.py in the scratch folder: the command's module, made to call the command itself."""
    code = snippet("fix-cli/cli_seed_db.py").read_text(encoding="utf-8")
    (tmp_path / "seed_db.py").write_text(code + '\n\nif __name__ == "__main__":\n    seed_db()\n', encoding="utf-8")


def test_calling_the_command_yourself_cannot_find_the_app(seed_script, reader, tmp_path):
    result = reader.shell("python seed_db.py")
    assert result.returncode == 2
    assert "Error: Could not locate a Flask application." in result.stderr
    assert not (tmp_path / "app.db").exists()


def test_calling_the_command_yourself_reads_flask_app_before_flask_2_2(seed_script, reader):
    result = reader.shell("FLASK_APP=seed_db python seed_db.py")
    if FLASK_VERSION >= (2, 2):
        assert result.returncode == 2
        assert "Error: Could not locate a Flask application." in result.stderr
    else:  # the command found the application through FLASK_APP itself
        assert result.returncode == 0, result.stderr
        assert result.stdout == ADDED


def test_flask_shell_has_an_app_context(reader, tmp_path):
    lines = [
        "from myapp import db",
        "from myapp.models import User",
        "db.create_all()",
        "db.session.add(User(name='ada'))",
        "db.session.commit()",
    ]
    result = reader.shell(reader.flask_line("cli_seed_db", "shell"), input="\n".join(lines) + "\n")
    assert result.returncode == 0
    assert "Traceback" not in result.stderr, result.stderr
    assert user_names(tmp_path / "app.db") == ["ada"]


# -- Plain click commands added with app.cli.add_command() -----------------------------------


def test_cli_runner_gives_a_plain_click_command_no_context(reader, tmp_path):
    module = reader.load("cli_click_broken")
    result = module.app.test_cli_runner().invoke(args=["seed-db"])
    assert isinstance(result.exception, RuntimeError)
    assert first_line(result.exception) == DATABASE_CONTEXT_ERROR
    assert result.output == ""


def test_flask_gives_a_plain_click_command_a_context_from_flask_2_2(reader, tmp_path):
    result = reader.shell(reader.flask_line("cli_click_broken", "seed-db"))
    if FLASK_VERSION >= (2, 2):
        assert result.returncode == 0, result.stderr
        assert result.stdout == ADDED
        assert user_names(tmp_path / "app.db") == ["admin"]
    else:
        assert result.returncode == 1
        assert DATABASE_CONTEXT_ERROR in result.stderr.splitlines()


def test_flask_runs_a_command_with_appcontext_on_every_version(reader, tmp_path):
    result = reader.shell(reader.flask_line("cli_click_fixed", "seed-db"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ADDED
    assert user_names(tmp_path / "app.db") == ["admin"]


# Commands of Flask's AppGroup, as app.cli's are: a blueprint's, those of @app.cli.group() and
# of an AppGroup you add ("Why it fails" names them among the commands that have a context before
# Flask 2.2); and a plain click group you add, and the function of a group, which have none before 2.2.
APP_GROUP_COMMANDS = """\
import click
from flask import Blueprint, Flask, current_app
from flask.cli import AppGroup

bp = Blueprint("tools", __name__)
users = AppGroup("users")
plain = click.Group("plain")


@plain.command("app-name")
def plain_app_name():
    print(current_app.name)


@bp.cli.command("app-name")
def app_name():
    print(current_app.name)


@users.command("app-name")
def users_app_name():
    print(current_app.name)


app = Flask("shop")
app.register_blueprint(bp)
app.cli.add_command(users)
app.cli.add_command(plain)


@app.cli.group()
def orders():
    pass


@orders.command("app-name")
def orders_app_name():
    print(current_app.name)


@app.cli.group()
def audit():
    current_app.logger.debug("auditing")  # the group's own function, before its command


@audit.command("app-name")
def audit_app_name():
    print(current_app.name)
"""


@pytest.mark.parametrize("group", ["tools", "users", "orders"],
                         ids=["a-blueprints-cli", "an-appgroup-added", "app-cli-group"])
def test_flask_runs_an_appgroups_command_in_a_context_on_every_version(reader, tmp_path, group):
    (tmp_path / "shop.py").write_text(APP_GROUP_COMMANDS, encoding="utf-8")
    result = reader.flask("shop", group, "app-name", path=[tmp_path])
    assert result.returncode == 0, result.stderr
    assert result.stdout == "shop\n"


@pytest.mark.parametrize("group", ["plain", "audit"], ids=["a-plain-click-group", "an-app-cli-groups-own-function"])
def test_flask_gives_a_plain_click_group_and_a_groups_function_a_context_from_flask_2_2(reader, tmp_path, group):
    (tmp_path / "shop.py").write_text(APP_GROUP_COMMANDS, encoding="utf-8")
    result = reader.flask("shop", group, "app-name", path=[tmp_path])
    if FLASK_VERSION >= (2, 2):
        assert (result.returncode, result.stdout) == (0, "shop\n"), result.stderr
    else:
        assert result.returncode == 1
        assert APP_CONTEXT_ERROR in result.stderr.splitlines()


def test_flask_shell_defines_db_and_the_models_from_flask_sqlalchemy_3(reader, tmp_path):
    lines = ["db.create_all()", "db.session.add(User(name='ada'))", "db.session.commit()"]  # no import
    result = reader.shell(reader.flask_line("cli_seed_db", "shell"), input="\n".join(lines) + "\n")
    assert result.returncode == 0
    if FLASK_SQLALCHEMY_VERSION >= (3, 0):
        assert "Traceback" not in result.stderr, result.stderr
        assert user_names(tmp_path / "app.db") == ["ada"]
    else:
        assert "NameError: name 'db' is not defined" in result.stderr
        assert not (tmp_path / "app.db").exists()


# -- A parameter's callback --------------------------------------------------------------------


@pytest.fixture
def two_users(app):
    add_users(app, "ada", "grace")


UNKNOWN_USER = "Error: Invalid value for 'NAME': no user named 'nobody'"


def test_a_parameter_callback_reads_the_database_from_flask_2_2(reader, tmp_path, two_users):
    result = reader.flask("cli_param_callback", "remove-user", "ada")
    if FLASK_VERSION >= (2, 2):
        assert (result.returncode, result.stdout) == (0, "Removed user ada.\n"), result.stderr
        assert user_names(tmp_path / "app.db") == ["grace"]
        result = reader.flask("cli_param_callback", "remove-user", "nobody")
        assert result.returncode == 2 and UNKNOWN_USER in result.stderr.splitlines()
    else:  # before the context: the command never starts
        assert result.returncode == 1 and result.stdout == ""
        assert DATABASE_CONTEXT_ERROR in result.stderr.splitlines() and "in existing_user\n" in result.stderr
        assert "in process_value\n" in result.stderr
        assert_recorded("click_callback", result.stderr)
        assert user_names(tmp_path / "app.db") == ["ada", "grace"]


def test_the_check_in_the_commands_body_works_on_every_version(reader, tmp_path, two_users):
    result = reader.flask("cli_param_checked", "remove-user", "nobody")
    assert result.returncode == 2 and UNKNOWN_USER in result.stderr.splitlines()
    result = reader.flask("cli_param_checked", "remove-user", "ada")
    assert (result.returncode, result.stdout) == (0, "Removed user ada.\n"), result.stderr
    assert user_names(tmp_path / "app.db") == ["grace"]


def test_the_cli_runner_gives_a_parameter_callback_no_context_on_any_version(reader, tmp_path, two_users):
    """app.test_cli_runner() runs app.cli without the `flask` command: only the command's function
    gets a context, on every Flask line; the check in the body works there too."""
    result = reader.load("cli_param_callback").app.test_cli_runner().invoke(args=["remove-user", "ada"])
    assert isinstance(result.exception, RuntimeError)
    assert first_line(result.exception) == DATABASE_CONTEXT_ERROR
    result = reader.load("cli_param_checked").app.test_cli_runner().invoke(args=["remove-user", "ada"])
    assert (result.exception, result.output) == (None, "Removed user ada.\n")
    assert user_names(tmp_path / "app.db") == ["grace"]
