"""gevent and Flask-SocketIO: a greenlet or background task starts with no context.

Each snippet runs as `python <file>`: a real gevent hub after monkey.patch_all(), and
Flask-SocketIO's own test client in gevent mode.
"""

import re

import pytest

from support import APP_CONTEXT_ERROR, DATABASE_CONTEXT_ERROR, assert_recorded, console_runs

CASES = ["gevent_broken", "gevent_fixed", "socketio_broken", "socketio_fixed"]


def normalise(text):
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "<time>", text)
    return re.sub(r"0x[0-9a-f]+", "0x<address>", text)


@pytest.mark.parametrize("name", CASES)
def test_snippet_prints_what_the_page_shows(run_python, snippet, name):
    [(command, shown)] = console_runs(snippet(f"fix-gevent-socketio/{name}.console"))
    assert command == f"python {name}.py"
    result = run_python(f"fix-gevent-socketio/{name}.py")
    assert result.returncode == 0, result.stderr
    # The terminal shows stdout and stderr together; the parts are checked in each stream.
    shown = normalise(shown.replace(APP_CONTEXT_ERROR, DATABASE_CONTEXT_ERROR))
    streams = normalise(result.stdout), normalise(result.stderr)
    for part in shown.split("...\n"):
        for line in part.strip("\n").splitlines():
            assert any(line in stream.splitlines() for stream in streams), (line, result)
    if name.endswith("broken"):
        assert DATABASE_CONTEXT_ERROR in result.stderr
        assert "failed with RuntimeError" in result.stderr
        assert_recorded(name.removesuffix("_broken"), result.stderr)
    else:
        assert "Traceback" not in result.stderr, result.stderr


def test_snippets_import_without_running(snippet, tmp_path):
    """Imported (by a worker, say), the snippets only define things; in a fresh process,
    because importing them patches the standard library."""
    import os
    import subprocess
    import sys

    from support import SNIPPETS

    modules = [name for name in CASES if snippet(f"fix-gevent-socketio/{name}.py")]
    result = subprocess.run(
        [sys.executable, "-c", f"import {', '.join(modules)}"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(SNIPPETS), str(SNIPPETS / "fix-gevent-socketio")])},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
    assert list(tmp_path.iterdir()) == []  # no database was created: nothing ran
