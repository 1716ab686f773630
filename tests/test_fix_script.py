"""Scripts and one-off jobs (and the landing page's TL;DR): the `with app.app_context():` fix
and the prompt."""

import doctest
import sqlite3
import sys

import pytest
from flask import g

from harness.apps import user_names
from harness.flask_lines import APP_CONTEXT_ERROR, DATABASE_CONTEXT_ERROR, FLASK_SQLALCHEMY_VERSION
from harness.recordings import assert_recorded


def test_script_without_context_fails(reader, error_text):
    result = reader.python("fix-script/tldr_broken.py")
    assert result.returncode == 1
    assert DATABASE_CONTEXT_ERROR in result.stderr.splitlines()
    assert_recorded("script", result.stderr)
    if DATABASE_CONTEXT_ERROR == error_text.splitlines()[0]:
        assert result.stderr.endswith(error_text)


def test_the_same_script_run_as_a_module_fails_the_same(reader):
    """`python -m tldr_broken`: Python's runpy runs it, and its frames come first."""
    result = reader.module("tldr_broken")
    assert result.returncode == 1
    assert DATABASE_CONTEXT_ERROR in result.stderr.splitlines()
    assert "runpy" in result.stderr.split("tldr_broken.py")[0]
    assert_recorded("script_module", result.stderr)


# A script whose main() catches the error and logs it: the logged traceback starts in main(), as
# a thread's target's would; the finder tells the two apart by the entry point's name.
SCRIPT_LOGGING_ITS_ERROR = """\
import logging

from flask import current_app

from myapp import create_app

logger = logging.getLogger("sync")


def stale_after():
    return current_app.config.get("STALE_AFTER_DAYS", 7)


def main():
    create_app()
    try:
        print("stale after", stale_after(), "days")
    except Exception:
        logger.exception("Sync failed")


if __name__ == "__main__":
    logging.basicConfig()
    main()
"""


def test_a_script_that_logs_its_error_in_main(reader):
    result = reader.script("sync.py", SCRIPT_LOGGING_ITS_ERROR)
    assert result.returncode == 0  # the script caught it
    assert "ERROR:sync:Sync failed\nTraceback (most recent call last):\n" in result.stderr
    assert APP_CONTEXT_ERROR in result.stderr.splitlines()
    assert_recorded("script_main_logged", result.stderr, project=[reader.folder])


def test_script_with_context_writes_the_user_and_can_run_again(reader, tmp_path):
    for _ in range(2):  # a cron job's second run finds the user there (the name is unique)
        result = reader.python("fix-script/tldr.py")
        assert result.returncode == 0, result.stderr
        assert result.stdout == "1 user(s)\n"
    assert user_names(tmp_path / "app.db") == ["ada"]


def make_shop(folder):
    """shop.db, the database of the `g` snippets, with two users."""
    conn = sqlite3.connect(folder / "shop.db")
    with conn:
        conn.execute("CREATE TABLE user (name TEXT)")
        conn.executemany("INSERT INTO user VALUES (?)", [("grace",), ("ada",)])
    conn.close()


def test_a_pushed_context_has_nothing_that_before_request_puts_on_g(reader, tmp_path, monkeypatch):
    make_shop(tmp_path)
    result = reader.python("fix-script/g_values_broken.py")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "AttributeError: conn"
    monkeypatch.chdir(tmp_path)  # in a request, the before_request function has made it
    assert reader.load("g_values_broken").app.test_client().get("/users").json == {"users": ["ada", "grace"]}


def test_a_value_made_where_it_is_read_serves_the_script_and_the_view(reader, tmp_path, monkeypatch):
    make_shop(tmp_path)
    result = reader.python("fix-script/g_values.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "['ada', 'grace']\n"
    monkeypatch.chdir(tmp_path)
    module = reader.load("g_values")
    assert module.app.test_client().get("/users").json == {"users": ["ada", "grace"]}
    with module.app.app_context():
        assert module.user_names() == ["ada", "grace"]
        assert module.get_db() is g.conn  # one connection for the whole context
        conn = g.conn
    with module.app.app_context():
        pass  # a context that never read it: nothing to close
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):  # closed as the context ended
        conn.execute("SELECT 1")


def test_push_and_pop_at_the_prompt(snippet, database_url, monkeypatch):
    text = snippet("fix-script/interactive_push.pycon").read_text(encoding="utf-8")
    if FLASK_SQLALCHEMY_VERSION < (3, 0):  # the page says 2.5 words the error its own way
        text = text.replace(f"{APP_CONTEXT_ERROR}\n...\n", f"{DATABASE_CONTEXT_ERROR}\n")
    monkeypatch.setenv("DATABASE_URL", database_url)
    test = doctest.DocTestParser().get_doctest(text, {}, "interactive_push.pycon", None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS, verbose=False)
    runner.run(test)
    assert runner.summarize(verbose=False) == (0, 7)


def test_a_line_typed_at_the_prompt_fails_without_a_context(reader):
    """The prompt's traceback names no file, only `<stdin>`: Python reads the lines from its
    input here, as its prompt does, and the finder sends that traceback to the prompt's section."""
    lines = "from myapp import create_app, db\napp = create_app()\ndb.engine\n"
    result = reader.run([sys.executable, "-"], input=lines)
    assert result.returncode == 1
    assert 'File "<stdin>", line 3, in <module>' in result.stderr
    assert DATABASE_CONTEXT_ERROR in result.stderr.splitlines()
    assert_recorded("prompt", result.stderr)
