"""The Flask under test (and any package's installed release), and how each Flask line words
the errors the pages show.

Importing this module reads the installed Flask's and Flask-SQLAlchemy's versions: only the
page tests import it (tests/conftest.py's fixtures import it when they are used)."""

from importlib.metadata import requires, version

from packaging.requirements import Requirement

from harness.project import SNIPPETS


def installed(package, parts=2):
    """The installed release of `package`, as numbers: installed("celery") -> (5, 7)."""
    return tuple(int(part) for part in version(package).split(".")[:parts])


def requirements(package):
    """What the installed `package` requires here, its extras left out: {name: specifier},
    requirements("flask-sqlalchemy")["flask"] -> ">=2.2"."""
    found = (Requirement(line) for line in requires(package) or [])
    return {r.name.lower(): str(r.specifier) for r in found if r.marker is None or r.marker.evaluate({"extra": ""})}


FLASK_VERSION = installed("flask")
FLASK_SQLALCHEMY_VERSION = installed("flask-sqlalchemy")


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
# What a second run of a snippet that adds the sample app's user `ada` raises (myapp's names are
# unique): an error of the data, not of the context, as the pages that say so put it.
SECOND_RUN_ERROR = "sqlalchemy.exc.IntegrityError: (sqlite3.IntegrityError) UNIQUE constraint failed: user.name"
# The Flask lines whose words differ (APP_CONTEXT_ERROR_TEXTS): the suffix of their recordings
# (tests/harness/recordings.py).
RECORDING_WORDING = for_this_flask({(2, 0): ".flask-2.0", (2, 2): "", (3, 2): ".flask-3.2"})

# What Flask-SQLAlchemy 2.5 warns (FSADeprecationWarning) about a setting the sample app leaves
# unset; 3.x no longer has the warning.
TRACK_MODIFICATIONS_WARNING = "SQLALCHEMY_TRACK_MODIFICATIONS adds significant overhead"


def warned_as_its_flask_sqlalchemy_does(output):
    """Whether `output` has that warning exactly when Flask-SQLAlchemy 2.5 is installed, as the
    pages say of a run of the sample app on Flask 2.0 and 2.1."""
    return (f"FSADeprecationWarning: {TRACK_MODIFICATIONS_WARNING}" in output) is (FLASK_SQLALCHEMY_VERSION < (3, 0))

# A pytest session that a test runs (pytester) is as strict as this project's, but for that warning.
STRICT_PYTEST_INI = f"""\
[pytest]
filterwarnings =
    error
    ignore:{TRACK_MODIFICATIONS_WARNING}
    ignore:unclosed database in <sqlite3.Connection:ResourceWarning
"""


def first_line(error):
    """An exception as the last line of its traceback starts: `RuntimeError: Working ...`."""
    return f"{type(error).__name__}: {error}".splitlines()[0]
