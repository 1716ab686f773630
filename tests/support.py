"""What the tests share: where things are, the versions under test, the facts per version,
and how to read what a snippet produced."""

import sqlite3
from contextlib import closing
try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib
import re
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
# One folder of snippets per page (snippets/fix-threads/ for docs/fix-threads.md), plus the
# sample application `myapp/` that many pages share. A reader's project has them side by side:
# the tests put snippets/ (for myapp) and every page folder on the import path.
SNIPPET_PATH = [str(SNIPPETS), *sorted(str(p) for p in SNIPPETS.iterdir() if p.is_dir() and p.name != "myapp" and "__pycache__" != p.name)]
GUIDE = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["guide"]
LANGUAGES = list(GUIDE["languages"])
FLASK_VERSION = tuple(int(part) for part in version("flask").split(".")[:2])
FLASK_SQLALCHEMY_VERSION = tuple(int(part) for part in version("flask-sqlalchemy").split(".")[:2])

# The first line of the error; stable from Flask 1.1 to 3.2. Tests assert on it.
APP_CONTEXT_ERROR = "RuntimeError: Working outside of application context."
# Its sibling, for `request` and `session` without a request (Flask 2.0 to 3.1).
REQUEST_CONTEXT_ERROR = "RuntimeError: Working outside of request context."
# What a Flask-SQLAlchemy access without a context raises: 3.x goes through current_app;
# 2.5 (the release for Flask < 2.2.5) has its own message.
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
    )


# The application-context error as each Flask line words it (only the first line is stable).
ERROR_TEXTS = {"error/app-context-flask-2.0.txt": ((2, 0), (2, 2)), "error/app-context.txt": ((2, 2), (3, 2))}


def error_file_for(flask_version):
    return next(name for name, (low, high) in ERROR_TEXTS.items() if low <= flask_version < high)



def first_line(error):
    """An exception as the last line of its traceback starts: `RuntimeError: Working ...`."""
    return f"{type(error).__name__}: {error}".splitlines()[0]


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


# Flask-SQLAlchemy 2.5 (Flask 2.0, 2.1) warns on stderr about a setting 3.x removed, and forces
# that warning on with a filter of its own, so PYTHONWARNINGS cannot hide it.
_FSA2_WARNING = re.compile(
    r"/\S*flask_sqlalchemy/__init__\.py:\d+: FSADeprecationWarning: [^\n]*\n\s*warnings\.warn\(FSADeprecationWarning\(\n"
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
