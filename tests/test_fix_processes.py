"""Processes: what a child gets under each start method, and the fixes that work under all.

Every snippet runs as `python <file> <start method>`, as a reader runs it: real child
processes, a real SQLite file.
"""

import shlex
import sys

import pytest

from harness.apps import user_names
from harness.flask_lines import APP_CONTEXT_ERROR, DATABASE_CONTEXT_ERROR
from harness.output import assert_shows
from harness.project import console_runs
from harness.recordings import assert_recorded

METHODS = ["fork", "spawn", "forkserver"]


def shown_in_order(shown, output):
    """The output reads as the page shows it (Flask-SQLAlchemy 2.5 words the error its own way)."""
    assert_shows(shown.replace(APP_CONTEXT_ERROR, DATABASE_CONTEXT_ERROR), output)


def test_console_of_the_broken_process(reader, snippet):
    runs = console_runs(snippet("fix-processes/processes_broken.console"))
    assert [command for command, _ in runs] == [
        "python processes_broken.py spawn",
        "python processes_broken.py fork",
    ]
    for command, shown in runs:
        result = reader.python("fix-processes/processes_broken.py", *shlex.split(command)[2:])
        assert result.returncode == 0  # the parent goes on; only the child failed
        shown_in_order(shown, result.stderr + result.stdout)


# A module that makes its application at import, as the page says a spawned child has then.
MODULE_LEVEL_APP = """\
import multiprocessing
import sys

from flask import Flask, has_app_context

app = Flask("shop")


def child(_):
    return f"{app.name} {has_app_context()}"


if __name__ == "__main__":
    with app.app_context(), multiprocessing.get_context(sys.argv[1]).Pool(1) as pool:
        print(pool.map(child, [0])[0])
"""


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_a_new_interpreter_imports_the_module_again_and_has_its_app_but_no_context(reader, method):
    result = reader.script("shop.py", MODULE_LEVEL_APP, method)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "shop False\n"


def test_default_start_method(reader):
    """fork on Linux up to Python 3.13, forkserver from 3.14, spawn on macOS and Windows: so the
    broken child works by default on Linux up to 3.13 only (Find your situation says so too)."""
    result = reader.code("import multiprocessing; print(multiprocessing.get_start_method())")
    assert result.returncode == 0, result.stderr
    if sys.platform.startswith("linux"):
        expected = "fork" if sys.version_info < (3, 14) else "forkserver"
    else:
        expected = "spawn"
    assert result.stdout == f"{expected}\n"


@pytest.mark.parametrize("method", METHODS)
def test_child_gets_a_context_only_as_a_copy_under_fork(reader, method):
    result = reader.python("fix-processes/processes_broken.py", method)
    if method == "fork":  # a copy of the parent, context included
        assert result.stdout == "0\nexit code 0\n", result.stderr
    else:  # a new interpreter: nothing of the parent's context
        assert result.stdout == "exit code 1\n"
        assert DATABASE_CONTEXT_ERROR in result.stderr
        assert_recorded("process", result.stderr)


@pytest.mark.parametrize("method", METHODS)
def test_child_that_creates_the_app_works_under_every_method(reader, tmp_path, method):
    for _ in range(2):  # run again, as a reader does: the same result on the same database
        result = reader.python("fix-processes/processes_fixed.py", method)
        assert result.stdout == "exit code 0\n", result.stderr
        assert user_names(tmp_path / "app.db") == ["ada"]


@pytest.mark.parametrize("method", METHODS)
def test_pool_job_raises_in_the_caller_unless_forked(reader, method):
    result = reader.python("fix-processes/processes_pool_broken.py", method)
    if method == "fork":
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode == 1
        assert_recorded("process_pool", result.stderr)
        last = result.stderr.split("The above exception was the direct cause")[1]
        assert DATABASE_CONTEXT_ERROR in last  # raised again by future.result()
        assert "concurrent.futures.process._RemoteTraceback" in result.stderr


@pytest.mark.parametrize("method", METHODS)
def test_pool_initializer_gives_each_worker_its_app(reader, tmp_path, method):
    for _ in range(2):  # run again, as a reader does: the same result on the same database
        result = reader.python("fix-processes/processes_pool.py", method)
        assert result.stdout == "['ada', 'grace']\n", result.stderr
        assert user_names(tmp_path / "app.db") == ["ada", "grace"]


@pytest.mark.parametrize("method", ["spawn", "fork", "forkserver"])
def test_config_written_in_a_child_stays_in_the_child(reader, snippet, method):
    [(command, shown)] = console_runs(snippet("fix-processes/processes_config.console"))
    assert command == "python processes_config.py"  # spawn: the page says every method
    result = reader.python("fix-processes/processes_config.py", method)
    assert result.stdout == shown, result.stderr


def test_config_snippet_imports_without_running(capsys):
    import processes_config

    assert processes_config.enter_maintenance.__name__ == "enter_maintenance"
    assert capsys.readouterr().out == ""
