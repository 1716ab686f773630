"""gevent and Flask-SocketIO: a greenlet or background task starts with no context.

Each snippet runs as `python <file>`: a real gevent hub after monkey.patch_all(), and
Flask-SocketIO's own test client in gevent mode.
"""

import pytest

from harness.flask_lines import (
    APP_CONTEXT_ERROR,
    DATABASE_CONTEXT_ERROR,
    REQUEST_CONTEXT_ERROR,
    REQUEST_ERROR_IN_APP_CONTEXT,
    warned_as_its_flask_sqlalchemy_does,
)
from harness.output import shows
from harness.project import console_runs
from harness.recordings import assert_recorded

CASES = ["gevent_broken", "gevent_fixed", "socketio_broken", "socketio_fixed"]

pytestmark = pytest.mark.cold  # gevent patches threading, socket and ssl before they are imported (harness/warm.py)


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
    # the page: Flask-SQLAlchemy 2.5 warns first, as the sample app leaves the setting unset
    assert warned_as_its_flask_sqlalchemy_does(result.stderr)


def test_snippets_import_without_running(reader, snippet, tmp_path):
    """Imported (by a worker, say), the snippets only define things; in a fresh process,
    because importing them patches the standard library."""
    modules = [name for name in [*CASES, "socketio_emit_broken"] if snippet(f"fix-gevent-socketio/{name}.py")]
    result = reader.code(f"import {', '.join(modules)}")
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
    assert list(tmp_path.iterdir()) == []  # no database was created: nothing ran


# -- emit() in a background task -----------------------------------------------------------------


def test_flask_socketios_emit_function_needs_the_events_request_even_in_an_app_context(reader):
    result = reader.python("fix-gevent-socketio/socketio_emit_broken.py")
    assert (result.returncode, result.stdout) == (0, "[]\n"), result.stderr
    assert REQUEST_ERROR_IN_APP_CONTEXT in result.stderr and "in count_users\n" in result.stderr
    assert "flask_socketio/__init__.py" in result.stderr and "failed with RuntimeError" in result.stderr
    assert_recorded("socketio_emit", result.stderr)


def test_socketio_emit_from_a_task_reaches_the_client_whose_sid_the_handler_handed_over():
    """What the page says of socketio.emit(to=...) and of the functions that read the request
    unless given a sid and a namespace, in Flask-SocketIO's threading mode: the handler reads
    request.sid, the task joins a room and emits with it."""
    import flask_socketio
    from flask import Flask, request

    app = Flask(__name__)
    socketio = flask_socketio.SocketIO(app, async_mode="threading")
    done = []

    def answer(sid):
        with app.app_context():
            for function, args in [(flask_socketio.emit, ("users", 1)), (flask_socketio.send, ("hi",)),
                                   (flask_socketio.join_room, ("staff",)), (flask_socketio.leave_room, ("staff",))]:
                with pytest.raises(RuntimeError) as raised:
                    function(*args)
                assert f"RuntimeError: {raised.value}".startswith(REQUEST_ERROR_IN_APP_CONTEXT)
            # given the client's sid and namespace, they read no request
            flask_socketio.join_room("staff", sid=sid, namespace="/")
            flask_socketio.emit("joined", "staff", to="staff", namespace="/")
        with pytest.raises(RuntimeError) as raised:  # given the sid, they still read current_app
            flask_socketio.join_room("staff", sid=sid, namespace="/")
        assert f"RuntimeError: {raised.value}".startswith(APP_CONTEXT_ERROR)
        socketio.emit("users", 3, to=sid)
        # include_self=False reads the request to know whom to leave out, unless given skip_sid
        with pytest.raises(RuntimeError) as raised:
            socketio.emit("left", include_self=False)
        assert f"RuntimeError: {raised.value}".startswith(REQUEST_CONTEXT_ERROR)
        socketio.emit("others", 4, skip_sid=sid)
        done.append(sid)

    @socketio.on("count")
    def count():
        socketio.start_background_task(answer, request.sid).join()

    asking, other = socketio.test_client(app), socketio.test_client(app)
    asking.emit("count")
    assert done and asking.get_received() == [{"name": "joined", "args": ["staff"], "namespace": "/"},
                                              {"name": "users", "args": [3], "namespace": "/"}]
    assert other.get_received() == [{"name": "others", "args": [4], "namespace": "/"}]
