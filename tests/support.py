"""What the tests share: where things are, the versions under test, the facts per version,
and how to read what a snippet produced."""

import functools
import importlib
import os
import pickle
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import closing, contextmanager

try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
# One folder of snippets per page (snippets/fix-threads/ for docs/fix-threads.md), plus the
# sample application `myapp/` that many pages share. A reader's project has them side by side:
# the tests put snippets/ (for myapp) and every page folder on the import path.
SNIPPET_PATH = [
    str(SNIPPETS),
    *sorted(str(p) for p in SNIPPETS.iterdir() if p.is_dir() and p.name not in ("myapp", "__pycache__")),
]
GUIDE = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["guide"]
LANGUAGES = list(GUIDE["languages"])
FLASK_VERSION = tuple(int(part) for part in version("flask").split(".")[:2])
FLASK_SQLALCHEMY_VERSION = tuple(int(part) for part in version("flask-sqlalchemy").split(".")[:2])


def for_this_flask(table):
    """The value of {first Flask line it holds for: value} that holds for the Flask under test."""
    return next(value for since, value in sorted(table.items(), reverse=True) if FLASK_VERSION >= since)


# The first line of the error; stable from Flask 1.1 to 3.2. Tests assert on it.
APP_CONTEXT_ERROR = "RuntimeError: Working outside of application context."
# The whole error as each Flask line words it: {first line with that wording: snippet}.
APP_CONTEXT_ERROR_TEXTS = {
    (2, 0): "error/app-context-flask-2.0.txt",
    (2, 2): "error/app-context.txt",
    (3, 2): "error/app-context-flask-3.2.txt",
}
# `request` or `session` used with no context at all: the same first line on every line.
REQUEST_CONTEXT_ERROR = "RuntimeError: Working outside of request context."
REQUEST_CONTEXT_ERROR_TEXTS = {
    (2, 0): "request-context/request_context_error_flask_2.0.txt",
    (2, 2): "request-context/request_context_error.txt",
    (3, 2): "request-context/request_context_error_flask_3.2.txt",
}
# `request` or `session` (and so `flash()`) used in an application context with no request:
# from Flask 3.2 there is one context, and it says it carries no request.
REQUEST_ERROR_IN_APP_CONTEXT = for_this_flask({
    (2, 0): REQUEST_CONTEXT_ERROR,
    (3, 2): "RuntimeError: There is no request in this context.",
})
# What a Flask-SQLAlchemy access without a context raises: 3.x goes through current_app;
# 2.5 has its own message. Flask 2.0 and 2.1 need 2.5 (3.0.0 to 3.0.3 require Flask >= 2.2,
# 3.0.4 and later Flask >= 2.2.5: test_version_changes reads that from the installed metadata).
DATABASE_CONTEXT_ERROR = (
    APP_CONTEXT_ERROR
    if FLASK_SQLALCHEMY_VERSION >= (3, 0)
    else (SNIPPETS / "error/no-application-found.txt").read_text(encoding="utf-8").rstrip("\n")
)


def snippet_files():
    """Every file a reader can be shown that is not Python (console sessions, error texts,
    configuration): line coverage proves the Python ones run, a test must name the others."""
    return sorted(
        path.relative_to(SNIPPETS).as_posix()
        for path in SNIPPETS.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".py"
        and path != SNIPPETS / "LICENSE"  # the snippets' licence, shown on no page
    )


def first_line(error):
    """An exception as the last line of its traceback starts: `RuntimeError: Working ...`."""
    return f"{type(error).__name__}: {error}".splitlines()[0]


# -- Apps and threads of the page tests ----------------------------------------------------------


def app_with(name, **config):
    """A fresh app with the blueprint of snippet `name` registered (the views need no database)."""
    from flask import Flask  # the site's checks import this module without Flask

    module = importlib.import_module(name)
    app = Flask("shop")
    app.config.update(TESTING=True, **config)
    app.register_blueprint(module.bp)
    return app


def get_and_join_threads(client, *args, **kwargs):
    """Make a request, then wait for the threads it started."""
    before = set(threading.enumerate())
    response = client.get(*args, **kwargs)
    for thread in set(threading.enumerate()) - before:
        thread.join(timeout=10)
        assert not thread.is_alive()
    return response


def console_runs(path):
    """[(command, expected output)] of a .console snippet: each `$ ` line starts a command."""
    runs = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("$ "):
            runs.append((line[2:].rstrip("\n"), []))
        else:
            runs[-1][1].append(line)
    return [(command, "".join(output)) for command, output in runs]


def user_names(database):
    """The names in the `user` table of a SQLite file, sorted."""
    with closing(sqlite3.connect(database)) as connection:
        return [name for (name,) in connection.execute("select name from user order by name")]


def literal_blocks_outside(snippets, doctrees):
    """(page, line) of every code block in the pickled doctrees not read from `snippets`: the
    same rule as ext/snippets_only.py, checked on what the build wrote."""
    from docutils import nodes

    found = []
    for path in sorted(doctrees.rglob("*.doctree")):
        doctree = pickle.loads(path.read_bytes())
        for block in doctree.findall(nodes.literal_block):
            source = block.get("source")
            if not (source and Path(source).resolve().is_relative_to(snippets.resolve())):
                found.append((path.relative_to(doctrees).with_suffix("").as_posix(), block.line))
    return found


# A catalog's header as a refresh writes it.
PO_HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n'
)


def po_text(messages):
    """A .po file's text: the header, then these {msgid: msgstr}."""
    return PO_HEADER + "".join(f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n' for msgid, msgstr in messages.items())
# -- Real servers (gunicorn, uWSGI) started by the tests ---------------------------------------


# uWSGI is installed where it builds (it is compiled from source); its version decides whether
# Python threads run without --enable-threads (they do from 2.0.27 on).
UWSGI = Path(sys.executable).with_name("uwsgi")
UWSGI_VERSION = (
    tuple(int(part) for part in subprocess.check_output([UWSGI, "--version"], text=True).split("."))
    if UWSGI.exists() else None
)


def gunicorn_command(*options, app="served:app"):
    """`gunicorn` as a reader runs it, on 127.0.0.1:{port} (the caller formats the port in)."""
    return [sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:{port}", *options, app]


def uwsgi_command(*options, app="served:app"):
    """`uwsgi` with a master and two worker processes, on 127.0.0.1:{port}, in this venv."""
    return [
        str(UWSGI), "--http-socket", "127.0.0.1:{port}", "--home", sys.prefix,
        "--master", "--processes", "2", *options, "--module", app,
    ]


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout=30, interval=0.05):
    """Poll `condition()` until it returns something true, or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        assert time.monotonic() < deadline, f"timed out after {timeout} s waiting for {condition}"
        time.sleep(interval)
    return result


def answers(port):
    """True once an HTTP server on 127.0.0.1:port answers a request (any status)."""
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


@contextmanager
def server(command, cwd, env, log, stop_signal=signal.SIGTERM):
    """Run a server process in its own process group until the block ends; its output goes to
    `log`. It is asked to stop with `stop_signal`, and killed if it has not after 10 s (its
    stacks and log then go into the test's report: tests/deadlines.py). SIGINT is Ctrl+C, which
    the process gets even when the tests run in a background job (whose shell makes the
    processes it starts ignore SIGINT)."""
    ctrl_c = stop_signal == signal.SIGINT
    with open(log, "w") as output:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)) if ctrl_c else None,
        )
    try:
        yield process
    finally:
        try:
            os.killpg(process.pid, stop_signal)
        except ProcessLookupError:  # it ended by itself, and nothing of it is left
            pass
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            from deadlines import stop_process_group  # the plugin conftest.py loads

            stop_process_group(process, log)
        try:  # workers the master left behind
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


# Flask-SQLAlchemy 2.5 (Flask 2.0, 2.1) warns on stderr about a setting 3.x removed, and forces
# that warning on with a filter of its own, so PYTHONWARNINGS cannot hide it.
_FSA2_WARNING = re.compile(
    r"/\S*flask_sqlalchemy/__init__\.py:\d+: FSADeprecationWarning: [^\n]*\n"
    r"\s*warnings\.warn\(FSADeprecationWarning\(\n"
)


def without_flask_sqlalchemy_2_warning(stderr):
    """A subprocess's stderr without Flask-SQLAlchemy 2.5's SQLALCHEMY_TRACK_MODIFICATIONS warning."""
    return _FSA2_WARNING.sub("", stderr)


def excerpt_found_in(excerpt, output):
    """Every line of an excerpt shown on a page (`  ...` marks lines left out) is in the output,
    in that order."""
    lines = iter(output.splitlines())
    return all(any(line == wanted for line in lines) for wanted in excerpt.splitlines() if wanted != "  ...")


# A pytest session that a test runs (pytester) is as strict as this project's; Flask-SQLAlchemy
# 2.5 warns about a setting the sample app leaves unset.
STRICT_PYTEST_INI = """\
[pytest]
filterwarnings =
    error
    ignore:SQLALCHEMY_TRACK_MODIFICATIONS adds significant overhead
    ignore:unclosed database in <sqlite3.Connection:ResourceWarning
"""


# -- Recorded tracebacks, for the traceback finder of docs/find-your-fix.md -------------------
#
# A page test that runs a broken snippet for real hands its output to assert_recorded(): the
# excerpt a reader would paste (the traceback, or the log lines around it), with this machine's
# paths, times and ids made neutral, must read as tests/tracebacks/<name>.txt reads, or as
# <name>.flask-2.0.txt / <name>.flask-3.2.txt on the Flask lines that word the error otherwise.
# The site's finder test pastes those files into the page. RECORD_TRACEBACKS=1 writes them.

TRACEBACKS = ROOT / "tests" / "tracebacks"
# The Flask lines whose words differ (APP_CONTEXT_ERROR_TEXTS): the suffix of their recordings.
RECORDING_WORDING = for_this_flask({(2, 0): ".flask-2.0", (2, 2): "", (3, 2): ".flask-3.2"})



@functools.cache
def finder_rules():
    """docs/traceback-finder.toml, read when a recording is first compared (a scratch project
    that copies this module has no such file)."""
    return tomllib.loads((ROOT / "docs" / "traceback-finder.toml").read_text(encoding="utf-8"))


def error_texts():
    return [text for error in finder_rules()["error"] for text in error["texts"]]


_LOG_RECORD = re.compile(r"\[?\d{4}-\d\d-\d\d \d\d:\d\d:\d\d|\d\d:\d\d:\d\d ")
_EXCEPTION = re.compile(r"[A-Za-z_][\w.]*: ")
_FRAME = re.compile(r'\s*File "([^"]+)", line (\d+), in (.+?)\s*$')
_CHAINED = ("During handling of the above exception", "The above exception was the direct cause")
_CARETS = re.compile(r"\s*[\^~]+\s*$")  # Python 3.11's marks under a frame's code
# pytest's report of a failed test: its header, its frames (code first, the failing line marked
# ">"), the error's lines marked "E", and the place that raised it last ("path:line: Error")
_PYTEST_HEADER = re.compile(r"_{3,} \S.* _{3,}$")
_PYTEST_FRAME = re.compile(r"(\S+\.py):(\d+):(?: in (\S+))?")
_PYTEST_ERROR = re.compile(r"E {2,}")
_PYTEST_RAISED = re.compile(r"\S+:\d+: [A-Za-z_][\w.]*$")
# As the finder's script tells them apart: installed packages, the standard library, Python's own.
_LIBRARY = re.compile(r"/(site|dist)-packages/|/lib/python\d[\d.]*t?/|^<frozen |(^|/)gevent/")
# and code that a library generates (SQLAlchemy 1.4's session proxies): "<string>", not at module level
_NEUTRAL = [  # what changes from run to run and machine to machine, and what replaces it
    (re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}"), "2026-11-21 09:14:03,512"),
    (re.compile(r"^\d\d:\d\d:\d\d ", re.MULTILINE), "09:14:03 "),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"), "2026-11-21T09:14:03Z"),  # gevent's
    (re.compile(r"^(Ran \d+ tests?) in [\d.]+s$", re.MULTILINE), r"\1 in 0.012s"),  # unittest's
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"),
     "8c1d6f0e-3b2a-4f7e-9c55-2e4b1a7d9f30"),
    (re.compile(r"\b[0-9a-f]{32}\b"), "27314a5e5a1f4d64bf2081fd07ba020e"),
    (re.compile(r"\b0x[0-9a-f]{6,16}\b"), "0x7f3a2c1e5b20"),
    (re.compile(r"\bPID \d+"), "PID 24598"),
    (re.compile(r"\bThread-\d+"), "Thread-1"),
]


def excerpt(output):
    """What a reader pastes from a program's output: from the traceback's first line (or the
    log line before it, which says what failed) to the end of the error's message."""
    lines = output.splitlines()
    texts = error_texts()
    states = [i for i, line in enumerate(lines) if line[:1].strip() and any(text in line for text in texts)]
    first = states[0]  # not a line of source in a frame (raise RuntimeError("..."))
    if _PYTEST_ERROR.match(lines[first]):  # pytest's report of the failed test, from "= FAILURES ="
        start = max(i for i in range(first) if _PYTEST_HEADER.match(lines[i]))
        start -= start > 0 and "= FAILURES =" in lines[start - 1]
        end = next(i for i in range(first, len(lines)) if _PYTEST_RAISED.match(lines[i])) + 1
        return "\n".join(lines[start:end]).rstrip() + "\n"
    start = first
    while _EXCEPTION.match(lines[first]):  # the traceback's last line: back to its first
        while start > 0 and not lines[start].startswith("Traceback (most recent call last):"):
            start -= 1
        before = start - 1
        while before > 0 and not lines[before].strip():
            before -= 1
        if before <= 0 or not lines[before].startswith(_CHAINED):
            break
        start = before  # Python prints a chain of exceptions cause first: back to the cause
    if 0 < start < first and lines[start - 1][:1].strip():  # a log line, "Exception in thread ..."
        start -= 1
    # a log line that names the error is followed by the traceback that ends with it
    end = next((i for i in states if _EXCEPTION.match(lines[i])), first) + 1
    while end < len(lines) and not _LOG_RECORD.match(lines[end]) and not lines[end].startswith("Traceback"):
        end += 1
    return "\n".join(lines[start:end]).rstrip() + "\n"


def neutral(text):
    """Paths as a reader's project has them, and fixed times, ids, addresses and PIDs."""
    places = [(sys.prefix, "/home/you/project/.venv"), (sys.base_prefix, "/usr")]
    places += [(folder, "/home/you/project") for folder in SNIPPET_PATH[1:]] + [(str(SNIPPETS), "/home/you/project")]
    for place, replacement in places:
        text = text.replace(place + os.sep, replacement + "/")
    for pattern, replacement in _NEUTRAL:
        text = pattern.sub(replacement, text)
    return text


def reading(text):
    """What the finder reads in a traceback, and nothing that changes with the versions of the
    libraries it goes through: each frame of the reader's own code with its line of source (the
    library frames between them as one mark each), the error's message, and which signs of
    where the code runs (the `frames` and `text` of docs/traceback-finder.toml) it shows."""
    lines = [line for line in text.splitlines() if not _CARETS.match(line)]
    frames, paths, message, shown = [], [], [], ""
    for i, line in enumerate(lines):
        frame, pytest_frame = _FRAME.match(line), _PYTEST_FRAME.match(line)
        if line.startswith(">"):
            shown = line[1:].strip()
        if _PYTEST_ERROR.match(line):
            line = line[1:].strip()  # pytest's "E" mark
        if frame or pytest_frame:
            if frame:
                path, number, function = frame.groups()
                code = lines[i + 1].strip() if i + 1 < len(lines) and not _FRAME.match(lines[i + 1]) else ""
            else:
                (path, number, function), code, shown = pytest_frame.groups(""), shown, ""
            paths.append(path)
            if not (_LIBRARY.search(path) or (path == "<string>" and function != "<module>")):
                frames.append((path.rsplit("/", 1)[-1], number, function, code))
            elif frames[-1:] != ["library"]:
                frames.append("library")
        elif _EXCEPTION.match(line) and any(text in line for text in error_texts()):
            message = [line]  # the last exception of a chain that states the error
        elif message and line.strip():
            message.append(line)
    situations = finder_rules()["situation"]
    signs = {sign for rule in situations for sign in rule.get("frames", []) if any(sign in p for p in paths)}
    signs |= {sign for rule in situations for sign in rule.get("text", []) if sign in text}
    return {"frames": frames, "error": message, "signs": sorted(signs)}


def assert_recorded(name, output):
    """The excerpt of `output` reads as its recording for this Flask line (RECORD_TRACEBACKS=1:
    record it, for this line only where it reads otherwise than the common one)."""
    text = neutral(excerpt(output))
    common, own = TRACEBACKS / f"{name}.txt", TRACEBACKS / f"{name}{RECORDING_WORDING}.txt"
    if os.environ.get("RECORD_TRACEBACKS"):
        if own == common or not common.exists() or reading(text) != reading(common.read_text(encoding="utf-8")):
            own.write_text(text, encoding="utf-8")
        return
    recording = own if own.exists() else common
    assert recording.exists(), f"no recording of {name}: run this test with RECORD_TRACEBACKS=1\n{text}"
    expected = reading(recording.read_text(encoding="utf-8"))
    assert reading(text) == expected, (
        f"the real output no longer reads as tests/tracebacks/{recording.name}: record it again "
        f"with RECORD_TRACEBACKS=1 on this Flask line\n{text}"
    )
