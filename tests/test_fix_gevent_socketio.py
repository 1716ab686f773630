"""gevent and Flask-SocketIO: a greenlet or background task starts with no context.

Each snippet runs as `python <file>`: a real gevent hub after monkey.patch_all(), and
Flask-SocketIO's own test client in gevent mode.
"""


import pytest

from harness.flask_lines import APP_CONTEXT_ERROR, DATABASE_CONTEXT_ERROR
from harness.output import shows
from harness.project import console_runs
from harness.recordings import assert_recorded

CASES = ["gevent_broken", "gevent_fixed", "socketio_broken", "socketio_fixed"]


@pytest.mark.parametrize("name", CASES)
def test_snippet_prints_what_the_page_shows(reader, snippet, name):
    [(command, shown)] = console_runs(snippet(f"fix-gevent-socketio/{name}.console"))
    assert command == f"python {name}.py"
    result = reader.python(f"fix-gevent-socketio/{name}.py")
    assert result.returncode == 0, result.stderr
    # The terminal shows stdout and stderr together: each line shown is a line of one of them.
    shown = shown.replace(APP_CONTEXT_ERROR, DATABASE_CONTEXT_ERROR)
    for line in shown.splitlines():
        assert shows(line, result.stdout) or shows(line, result.stderr), (line, result)
    if name.endswith("broken"):
        assert DATABASE_CONTEXT_ERROR in result.stderr
        assert "failed with RuntimeError" in result.stderr
        assert_recorded(name.removesuffix("_broken"), result.stderr)
    else:
        assert "Traceback" not in result.stderr, result.stderr


def test_snippets_import_without_running(reader, snippet, tmp_path):
    """Imported (by a worker, say), the snippets only define things; in a fresh process,
    because importing them patches the standard library."""
    modules = [name for name in CASES if snippet(f"fix-gevent-socketio/{name}.py")]
    result = reader.code(f"import {', '.join(modules)}")
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
    assert list(tmp_path.iterdir()) == []  # no database was created: nothing ran
