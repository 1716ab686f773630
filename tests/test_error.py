"""The error page: the error text as each Flask line words it, and the traceback it shows is
the one Python prints, frame for frame."""

import re
import sys
import traceback
from pathlib import PurePosixPath

import pytest
from flask import Flask, current_app, flash, g, jsonify, session

from harness.flask_lines import (
    APP_CONTEXT_ERROR,
    APP_CONTEXT_ERROR_TEXTS,
    FLASK_SQLALCHEMY_VERSION,
    FLASK_VERSION,
    REQUEST_CONTEXT_ERROR,
    REQUEST_ERROR_IN_APP_CONTEXT,
    first_line,
    for_this_flask,
)

FRAME = re.compile(r'^  File "(?P<path>[^"]+)", line \d+, in (?P<function>\S+)$', re.MULTILINE)


def frames(traceback):
    """(file name with its folder, function) of each frame: line numbers vary by version."""
    return [
        ("/".join(PurePosixPath(m["path"]).parts[-2:]), m["function"])
        for m in FRAME.finditer(traceback)
    ]


@pytest.mark.parametrize("name", APP_CONTEXT_ERROR_TEXTS.values())
def test_error_text_is_what_flask_raises(snippet, name):
    text = snippet(name).read_text(encoding="utf-8")
    if for_this_flask(APP_CONTEXT_ERROR_TEXTS) != name:
        pytest.skip(f"{name} is the wording of other Flask lines; the version matrix runs it there")
    with pytest.raises(RuntimeError) as raised:
        current_app.name
    assert f"RuntimeError: {raised.value}\n" == text


def test_traceback_shown_is_the_real_one(reader, snippet, error_text):
    shown = snippet("error/traceback.txt").read_text(encoding="utf-8")
    result = reader.python("fix-script/tldr_broken.py")
    if FLASK_SQLALCHEMY_VERSION < (3, 0):
        pytest.skip("the page shows Flask-SQLAlchemy 3's traceback; 2.5 raises its own error")
    assert frames(result.stderr)[1:] == frames(shown)[1:]  # the library frames, in order
    assert frames(shown)[0] == ("project/tldr_broken.py", "<module>")
    assert frames(result.stderr)[0] == ("fix-script/tldr_broken.py", "<module>")
    assert "    print(db.session.get(User, 1))\n" in shown
    assert result.stderr.endswith(error_text)  # this Flask's wording
    marks = re.findall(r"(?m)^ +[~^]+$", result.stderr)  # Python 3.11 and later mark the lines
    assert bool(marks) is (sys.version_info >= (3, 11))
    if sys.version_info[:2] == (3, 11):  # the page's Python: its marks as shown
        assert marks == re.findall(r"(?m)^ +[~^]+$", shown)
    # the page shows the traceback of Flask 2.2 to 3.1, ending in their wording
    assert shown.split("from None\n")[1] == snippet("error/app-context.txt").read_text(encoding="utf-8")


def test_flask_sqlalchemy_2_error_text(snippet):
    text = snippet("error/no-application-found.txt").read_text(encoding="utf-8")
    if FLASK_SQLALCHEMY_VERSION >= (3, 0):
        pytest.skip("Flask-SQLAlchemy 2.5 wording: the version matrix runs it on Flask 2.0 and 2.1")
    from myapp import db
    from myapp.models import User

    with pytest.raises(RuntimeError) as raised:
        db.session.get(User, 1)
    assert f"RuntimeError: {raised.value}\n" == text


# What the page lists as needing an application (url_for() and render_template(), whose
# messages differ on Flask 2.0 and 2.1, are tested on the related-errors page).
NEEDS_AN_APPLICATION = {
    "current_app": lambda: current_app.name,
    "g": lambda: g.user,
    "jsonify": lambda: jsonify(saved=True),
}


@pytest.mark.parametrize("name", NEEDS_AN_APPLICATION)
def test_what_raises_the_application_context_error(name):
    with pytest.raises(RuntimeError) as raised:
        NEEDS_AN_APPLICATION[name]()
    assert first_line(raised.value) == APP_CONTEXT_ERROR


@pytest.mark.parametrize("name", ["session", "flash"])
def test_session_and_flash_need_a_request_even_in_an_app_context(name):
    use = {"session": lambda: session.get("cart"), "flash": lambda: flash("Saved.")}[name]
    app = Flask(__name__)
    app.secret_key = "test"
    with pytest.raises(RuntimeError) as raised:
        use()
    assert first_line(raised.value) == REQUEST_CONTEXT_ERROR  # not the application-context error
    with app.app_context(), pytest.raises(RuntimeError) as raised:
        use()
    assert first_line(raised.value) == REQUEST_ERROR_IN_APP_CONTEXT


def last_frames(error, count):
    """(file name with its folder, function) of the last `count` frames of an error."""
    return [
        ("/".join(PurePosixPath(frame.filename).parts[-2:]), frame.name)
        for frame in traceback.extract_tb(error.__traceback__)[-count:]
    ]


WERKZEUG_LOOKUP = ("werkzeug/local.py", "_get_current_object")
# On Flask 2.0 and 2.1 the proxies call a function of Flask's, which raises below Werkzeug's frame.
FLASK_2_0_LOOKUPS = {"current_app": ("flask/globals.py", "_find_app"), "g": ("flask/globals.py", "_lookup_app_object")}


@pytest.mark.parametrize("name", ["current_app", "g"])
def test_the_last_frame_is_where_the_missing_application_was_noticed(name):
    with pytest.raises(RuntimeError) as raised:
        NEEDS_AN_APPLICATION[name]()
    before, last = last_frames(raised.value, 2)
    if FLASK_VERSION >= (2, 2):  # the proxy's lookup raises
        assert last == WERKZEUG_LOOKUP
    else:
        assert (before, last) == (WERKZEUG_LOOKUP, FLASK_2_0_LOOKUPS[name])


def test_the_last_frame_of_a_flask_sqlalchemy_error():
    from myapp import db
    from myapp.models import User

    with pytest.raises(RuntimeError) as raised:
        db.session.get(User, 1)
    [last] = last_frames(raised.value, 1)
    if FLASK_SQLALCHEMY_VERSION < (3, 0):  # 2.5 finds no app in its own get_app()
        assert last == ("flask_sqlalchemy/__init__.py", "get_app")
    else:  # 3.x asks current_app
        assert last == WERKZEUG_LOOKUP
