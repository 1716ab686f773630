"""Migrations with Flask-Migrate and Alembic on a SQLite file: the real `flask db` commands, the
bare `alembic` command, upgrade() from a script, and migrations run by a pytest session."""

import os
import sqlite3
import subprocess
import sys
from contextlib import closing

import pytest

from support import (
    APP_CONTEXT_ERROR,
    SNIPPET_PATH,
    SNIPPETS,
    STRICT_PYTEST_INI,
    assert_recorded,
    console_runs,
    excerpt_found_in,
    user_names,
    without_flask_sqlalchemy_2_warning,
)

FOLDER = SNIPPETS / "fix-migrations"


def tables(database):
    with closing(sqlite3.connect(database)) as connection:
        return sorted(name for (name,) in connection.execute("select name from sqlite_master where type = 'table'"))


@pytest.fixture
def alembic(database_url):
    """The bare `alembic` command, run from the project folder (the one that holds migrations/)."""
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(SNIPPET_PATH), "PYTHONDONTWRITEBYTECODE": "1",
                   "DATABASE_URL": database_url}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "alembic", *args], cwd=FOLDER, env=environment,
                              capture_output=True, text=True, timeout=60)

    return run


def test_flask_db_upgrade_runs_the_migrations(run_flask, snippet, tmp_path):
    [(command, output)] = console_runs(snippet("fix-migrations/migrations_upgrade.console"))
    assert command == "flask --app migrations_app db upgrade"
    result = run_flask("migrations_app", "db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert without_flask_sqlalchemy_2_warning(result.stderr) == output
    assert tables(tmp_path / "app.db") == ["alembic_version", "user"]
    assert user_names(tmp_path / "app.db") == []


def test_flask_db_downgrade_and_offline_sql(run_flask, tmp_path):
    assert run_flask("migrations_app", "db", "upgrade").returncode == 0
    result = run_flask("migrations_app", "db", "downgrade")
    assert result.returncode == 0, result.stderr
    assert tables(tmp_path / "app.db") == ["alembic_version"]
    result = run_flask("migrations_app", "db", "upgrade", "--sql")
    assert result.returncode == 0, result.stderr
    assert "CREATE TABLE user (" in result.stdout
    assert tables(tmp_path / "app.db") == ["alembic_version"]  # --sql only prints


def test_bare_alembic_runs_env_py_without_a_context(alembic, snippet, tmp_path):
    [(command, excerpt)] = console_runs(snippet("fix-migrations/migrations_alembic_error.console"))
    result = alembic(*command.split()[1:])
    assert result.returncode == 1
    assert APP_CONTEXT_ERROR in result.stderr.splitlines()
    assert_recorded("alembic", result.stderr)
    assert excerpt_found_in(excerpt, result.stderr), result.stderr
    assert not (tmp_path / "app.db").exists()


def test_flask_migrates_ini_alone_has_no_script_location(alembic, snippet, tmp_path):
    ini = snippet("fix-migrations/migrations/alembic.ini").read_text(encoding="utf-8")
    assert "script_location = %(here)s\n" in ini
    generated = tmp_path / "alembic.ini"  # as flask db init writes it
    generated.write_text(ini.replace("script_location = %(here)s\n", ""), encoding="utf-8")
    result = alembic("-c", str(generated), "upgrade", "head")
    assert result.returncode == 255
    assert result.stdout == "FAILED: No 'script_location' key found in configuration.\n"


def test_upgrade_from_a_script_without_context_exits_with_an_error(run_python, snippet, tmp_path):
    result = run_python("fix-migrations/migrations_upgrade_broken.py")
    assert result.returncode == 1
    error = snippet("fix-migrations/migrations_upgrade_error.txt").read_text(encoding="utf-8")
    assert without_flask_sqlalchemy_2_warning(result.stderr).startswith(error)
    assert "Traceback" not in result.stderr  # Flask-Migrate catches it and exits
    assert not (tmp_path / "app.db").exists()


def test_upgrade_from_a_script_inside_a_context(run_python, tmp_path):
    result = run_python("fix-migrations/migrations_upgrade.py")
    assert result.returncode == 0, result.stderr
    assert "Running upgrade  -> 9e9a85968d3e, Create the user table." in result.stderr
    assert tables(tmp_path / "app.db") == ["alembic_version", "user"]



def test_tests_build_their_database_with_the_migrations(pytester, monkeypatch, snippet):
    folder = snippet("fix-migrations/migrations_tests/conftest.py").parent
    (pytester.path / "pytest.ini").write_text(STRICT_PYTEST_INI)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(SNIPPETS), str(FOLDER)]))
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.chdir(folder)
    result = pytester.runpytest_subprocess(
        "-c", str(pytester.path / "pytest.ini"), f"--rootdir={folder}", "-p", "no:cacheprovider",
        "-p", "no:flask", timeout=120,
    )
    result.assert_outcomes(passed=1)
