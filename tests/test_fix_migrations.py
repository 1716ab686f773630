"""Migrations with Flask-Migrate and Alembic on a SQLite file: the real `flask db` commands, the
bare `alembic` command, upgrade() from a script, and migrations run by a pytest session."""

import sqlite3
from contextlib import closing

from harness.apps import user_names
from harness.flask_lines import APP_CONTEXT_ERROR, warned_as_its_flask_sqlalchemy_does
from harness.output import assert_shows, normalise
from harness.project import SNIPPETS, console_runs
from harness.recordings import assert_recorded

FOLDER = SNIPPETS / "fix-migrations"


def tables(database):
    with closing(sqlite3.connect(database)) as connection:
        return sorted(name for (name,) in connection.execute("select name from sqlite_master where type = 'table'"))


def alembic(reader, *args):
    """The bare `alembic` command, run from the project folder (the one that holds migrations/),
    writing no caches into it."""
    return reader.module("alembic", *args, cwd=FOLDER, env={"PYTHONDONTWRITEBYTECODE": "1"})


def test_flask_db_upgrade_runs_the_migrations(reader, snippet, tmp_path):
    [(command, output)] = console_runs(snippet("fix-migrations/migrations_upgrade.console"))
    assert command == "flask --app migrations_app db upgrade"
    result = reader.flask("migrations_app", "db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert_shows(output, result.stderr, whole=True)
    # the page: Flask-SQLAlchemy 2.5 warns first, as the sample app leaves the setting unset
    assert warned_as_its_flask_sqlalchemy_does(result.stderr)
    assert tables(tmp_path / "app.db") == ["alembic_version", "user"]
    assert user_names(tmp_path / "app.db") == []


# The application of migrations_app with a model that no migration creates.
AHEAD_OF_THE_MIGRATIONS = """\
from migrations_app import create_app
from myapp import db


class Note(db.Model):
    id = db.Column(db.Integer, primary_key=True)
"""


def test_flask_db_check_compares_the_migrations_with_the_models(reader, tmp_path):
    """fix-migrations: tests find what they use; `flask db check` compares the whole schema."""
    assert reader.flask("migrations_app", "db", "upgrade").returncode == 0
    result = reader.flask("migrations_app", "db", "check")
    assert result.returncode == 0, result.stderr
    assert "No new upgrade operations detected." in result.stdout + result.stderr
    (tmp_path / "ahead.py").write_text(AHEAD_OF_THE_MIGRATIONS, encoding="utf-8")
    result = reader.flask("ahead", "db", "check", path=[tmp_path])
    assert result.returncode == 1
    assert "New upgrade operations detected" in result.stdout + result.stderr


def test_flask_db_downgrade_and_offline_sql(reader, tmp_path):
    assert reader.flask("migrations_app", "db", "upgrade").returncode == 0
    result = reader.flask("migrations_app", "db", "downgrade")
    assert result.returncode == 0, result.stderr
    assert tables(tmp_path / "app.db") == ["alembic_version"]
    result = reader.flask("migrations_app", "db", "upgrade", "--sql")
    assert result.returncode == 0, result.stderr
    assert "CREATE TABLE user (" in result.stdout
    assert tables(tmp_path / "app.db") == ["alembic_version"]  # --sql only prints


def test_bare_alembic_runs_env_py_without_a_context(reader, snippet, tmp_path):
    [(command, excerpt)] = console_runs(snippet("fix-migrations/migrations_alembic_error.console"))
    result = alembic(reader, *command.split()[1:])
    assert result.returncode == 1
    assert APP_CONTEXT_ERROR in result.stderr.splitlines()
    assert_recorded("alembic", result.stderr)
    assert_shows(excerpt, result.stderr)
    assert not (tmp_path / "app.db").exists()


def test_flask_migrates_ini_alone_has_no_script_location(reader, snippet, tmp_path):
    ini = snippet("fix-migrations/migrations/alembic.ini").read_text(encoding="utf-8")
    assert "script_location = %(here)s\n" in ini
    generated = tmp_path / "alembic.ini"  # as flask db init writes it
    generated.write_text(ini.replace("script_location = %(here)s\n", ""), encoding="utf-8")
    result = alembic(reader, "-c", str(generated), "upgrade", "head")
    assert result.returncode == 255
    assert result.stdout == "FAILED: No 'script_location' key found in configuration.\n"


def test_the_generated_env_py_reads_current_app_first_in_get_engine(reader, tmp_path):
    """The env.py that `flask db init` writes, run by the bare command: its traceback ends in its
    get_engine(), not at the target_db line that the page's cut-down env.py shows."""
    generated = tmp_path / "generated"
    result = reader.flask("migrations_app", "db", "init", "-d", str(generated))
    assert result.returncode == 0, result.stderr
    ini = generated / "alembic.ini"
    text = ini.read_text(encoding="utf-8")  # the bare command needs the folder (the page says so)
    ini.write_text(text.replace("[alembic]\n", f"[alembic]\nscript_location = {generated}\n", 1), encoding="utf-8")
    result = alembic(reader, "-c", str(ini), "upgrade", "head")
    assert result.returncode == 1
    assert APP_CONTEXT_ERROR in result.stderr.splitlines()
    lines = result.stderr.splitlines()
    last = max(i for i, line in enumerate(lines) if 'env.py", line' in line)  # env.py's last frame
    assert lines[last].endswith(", in get_engine"), lines[last]
    assert lines[last + 1].strip() == "return current_app.extensions['migrate'].db.get_engine()"


def test_upgrade_from_a_script_without_context_exits_with_an_error(reader, snippet, tmp_path):
    result = reader.python("fix-migrations/migrations_upgrade_broken.py")
    assert result.returncode == 1
    error = snippet("fix-migrations/migrations_upgrade_error.txt").read_text(encoding="utf-8")
    assert normalise(result.stderr).startswith(normalise(error).removesuffix("...\n"))  # its first line first
    assert_shows(error, result.stderr)
    assert "Traceback" not in result.stderr  # Flask-Migrate catches it and exits
    assert not (tmp_path / "app.db").exists()


def test_upgrade_from_a_script_inside_a_context(reader, tmp_path):
    result = reader.python("fix-migrations/migrations_upgrade.py")
    assert result.returncode == 0, result.stderr
    assert "Running upgrade  -> 9e9a85968d3e, Create the user table." in result.stderr
    assert tables(tmp_path / "app.db") == ["alembic_version", "user"]



def test_tests_build_their_database_with_the_migrations(reader, snippet):
    folder = snippet("fix-migrations/migrations_tests/conftest.py").parent
    result = reader.pytest(folder, path=[FOLDER])
    result.assert_outcomes(passed=1)
