"""What the tests share: where things are, the versions under test, the facts per version,
and how to read what a snippet produced."""

import pickle
import sqlite3
from contextlib import closing
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
    (2, 0): "related-errors/related_request_context_error_flask_2.0.txt",
    (2, 2): "related-errors/related_request_context_error.txt",
    (3, 2): "related-errors/related_request_context_error_flask_3.2.txt",
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
    )


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
