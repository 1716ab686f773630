"""Flask-SQLAlchemy and the application context: every claim of the background page."""

import re
import runpy
import sqlite3
import sys
import threading
from contextlib import closing

import pytest
import sqlalchemy
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import func, select

from harness.flask_lines import DATABASE_CONTEXT_ERROR, FLASK_SQLALCHEMY_VERSION, SECOND_RUN_ERROR, first_line
from harness.project import SNIPPETS
from myapp import create_app, db
from myapp.models import User

SQLALCHEMY_2 = int(sqlalchemy.__version__.split(".")[0]) >= 2


def rows(tmp_path, query):
    with closing(sqlite3.connect(tmp_path / "app.db")) as connection:
        return connection.execute(query).fetchall()


@pytest.fixture
def app_without_tables(database_url):
    """myapp on the test's SQLite file, no table created (the `app` fixture creates them)."""
    return create_app({"SQLALCHEMY_DATABASE_URI": database_url})


def count_users():
    return db.session.scalar(select(func.count()).select_from(User))


# -- Every access needs a context --------------------------------------------------------------


@pytest.mark.parametrize(
    "access",
    [
        pytest.param(lambda: db.session.get(User, 1), id="db.session.get"),
        pytest.param(lambda: db.session.scalars(select(User)), id="db.session.scalars"),
        pytest.param(lambda: db.session.add(User(name="ada")), id="db.session.add"),
        pytest.param(lambda: db.session.commit(), id="db.session.commit"),
        pytest.param(lambda: db.engine, id="db.engine"),
        pytest.param(lambda: db.create_all(), id="db.create_all"),
        pytest.param(lambda: User.query, id="User.query"),
    ],
)
def test_every_database_access_needs_a_context(app_without_tables, access):
    with pytest.raises(RuntimeError) as raised:
        access()
    assert first_line(raised.value) == DATABASE_CONTEXT_ERROR
    with app_without_tables.app_context():
        db.create_all()
        access()  # the same access works inside a context


@pytest.mark.parametrize("given", ["SQLAlchemy(app)", "init_app, then db.app = app"])
def test_an_app_given_to_sqlalchemy_is_not_kept_from_3_0(tmp_path, given):
    """2.x fell back to the application it was given, when no context was active: passed to
    SQLAlchemy(app), or set as `db.app` after init_app(). 3.x keeps neither."""
    app = Flask(__name__)
    app.config.update(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'notes.db'}",
        SQLALCHEMY_TRACK_MODIFICATIONS=False,
    )
    notes = SQLAlchemy(app) if given == "SQLAlchemy(app)" else SQLAlchemy()

    class Note(notes.Model):
        id = notes.Column(notes.Integer, primary_key=True)

    if given != "SQLAlchemy(app)":
        notes.init_app(app)
        notes.app = app
    if FLASK_SQLALCHEMY_VERSION >= (3, 0):
        with pytest.raises(RuntimeError) as raised:
            notes.create_all()
        assert first_line(raised.value) == DATABASE_CONTEXT_ERROR
    else:
        notes.create_all()  # 2.x used the app it was given
        with closing(sqlite3.connect(tmp_path / "notes.db")) as connection:
            tables = connection.execute("select name from sqlite_master where type = 'table'")
            assert tables.fetchall() == [("note",)]


def test_single_module_app_with_a_context(reader, tmp_path):
    result = reader.python("flask-sqlalchemy/flask_sqlalchemy_single_module.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "['hello']\n"
    assert rows(tmp_path, "select text from note") == [("hello",)]


# -- The session belongs to the context --------------------------------------------------------


def test_the_session_ends_with_the_context(reader):
    result = reader.python("flask-sqlalchemy/flask_sqlalchemy_session_scope.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "0 user(s)\n"


def test_nested_contexts_share_one_session_only_before_3_0(reader):
    result = reader.python("flask-sqlalchemy/flask_sqlalchemy_nested_contexts.py")
    assert result.returncode == 0, result.stderr
    if FLASK_SQLALCHEMY_VERSION >= (3, 0):  # one session per application context
        assert result.stdout == "same session: False\n1 user(s)\n"
    else:  # 2.x: one session per thread, removed when the inner context ends
        assert result.stdout == "same session: True\n0 user(s)\n"


def test_two_threads_get_two_sessions_on_every_version(app_without_tables):
    sessions = []

    def use_the_session():
        with app_without_tables.app_context():
            sessions.append(db.session())

    thread = threading.Thread(target=use_the_session)
    thread.start()
    thread.join()
    use_the_session()
    assert sessions[0] is not sessions[1]


def test_the_next_context_gets_a_new_session(app_without_tables):
    with app_without_tables.app_context():
        first = db.session()
    with app_without_tables.app_context():
        assert db.session() is not first


def test_each_request_starts_with_a_new_session(app_without_tables):
    @app_without_tables.post("/users/<name>")
    def add_without_commit(name):
        db.session.add(User(name=name))
        return {"users": count_users()}

    @app_without_tables.get("/users/count")
    def users_count():
        return {"users": count_users()}

    with app_without_tables.app_context():
        db.create_all()
    client = app_without_tables.test_client()
    assert client.post("/users/ada").get_json() == {"users": 1}  # flushed in this request
    assert client.get("/users/count").get_json() == {"users": 0}  # rolled back at its end


def test_an_object_used_after_its_context_fails(reader):
    result = reader.python("flask-sqlalchemy/flask_sqlalchemy_detached_broken.py")
    assert result.returncode == 1
    assert re.fullmatch(
        r"sqlalchemy\.orm\.exc\.DetachedInstanceError: Instance <User at 0x[0-9a-f]+> is not bound"
        r" to a Session; attribute refresh operation cannot proceed \(Background on this error at:"
        r" https://sqlalche\.me/e/\d+/bhk3\)",
        result.stderr.splitlines()[-1],
    )


def test_values_read_inside_the_context_stay_usable(app_without_tables):
    with app_without_tables.app_context():
        db.create_all()
        user = User(name="ada")
        db.session.add(user)
        db.session.commit()
        name = user.name
    assert name == "ada"


# -- Where Flask pushes the context for you ----------------------------------------------------


def test_views_and_flask_commands_get_a_context(reader, snippet, database_url, monkeypatch):
    path = snippet("flask-sqlalchemy/flask_sqlalchemy_automatic.py")
    result = reader.flask("flask_sqlalchemy_automatic", "add-user", "ada")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Added ada.\n"

    monkeypatch.setenv("DATABASE_URL", database_url)
    app = runpy.run_path(str(path))["app"]
    assert app.test_client().get("/users/count").get_data(as_text=True) == '{"users":1}\n'  # as the page quotes it


def test_flask_shell_has_a_context(reader):
    code = (
        "from myapp import db\n"
        "from sqlalchemy import text\n"
        "print(db.session.execute(text('select 42')).scalar())\n"
    )
    result = reader.flask("myapp", "shell", input=code)
    assert result.returncode == 0, result.stderr
    assert "42" in result.stdout.replace(">>> ", "").splitlines()


# -- Upgrading from Flask-SQLAlchemy 2.x ---------------------------------------------------------


def test_create_all_no_longer_takes_the_app(reader, snippet, tmp_path):
    error = snippet("flask-sqlalchemy/flask_sqlalchemy_create_all_error.txt").read_text(encoding="utf-8")
    result = reader.python("flask-sqlalchemy/flask_sqlalchemy_create_all_broken.py")
    if FLASK_SQLALCHEMY_VERSION < (3, 0):
        assert result.returncode == 0, result.stderr  # 2.x took the app as an argument
        assert rows(tmp_path, "select name from sqlite_master where type = 'table'") == [("user",)]
        return
    if sys.version_info < (3, 10):  # older Pythons leave out the class name
        error = error.replace("SQLAlchemy.create_all()", "create_all()")
    assert result.returncode == 1
    assert result.stderr.endswith(error)


def test_modern_queries_on_a_new_database(reader):
    result = reader.python("flask-sqlalchemy/flask_sqlalchemy_queries.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "grace\n['ada', 'grace']\n"
    again = reader.python("flask-sqlalchemy/flask_sqlalchemy_queries.py")  # the same file: ada is there
    assert again.returncode == 1
    assert SECOND_RUN_ERROR in again.stderr


def test_the_default_instance_folder_is_next_to_the_package(app_without_tables):
    assert app_without_tables.root_path == str(SNIPPETS / "myapp")
    assert app_without_tables.instance_path == str(SNIPPETS / "instance")


def test_model_query_is_legacy_but_does_not_warn(app_without_tables):
    with app_without_tables.app_context():
        db.create_all()
        db.session.add(User(name="ada"))
        db.session.commit()
        assert [user.name for user in User.query.all()] == ["ada"]  # filterwarnings = error


QUERY_GET_ONCE = """\
import warnings

from myapp import create_app, db
from myapp.models import User

warnings.simplefilter("error")
app = create_app({"SQLALCHEMY_TRACK_MODIFICATIONS": False})
with app.app_context():
    db.create_all()
    User.query.get(1)
"""


def test_query_get_warns_once_per_process_on_sqlalchemy_1_4(reader):
    if SQLALCHEMY_2:
        pytest.skip("SQLAlchemy 2.x warns on every call: the next test")
    result = reader.code(QUERY_GET_ONCE)  # once per process, so in a process of its own
    assert "sqlalchemy.exc.LegacyAPIWarning: Deprecated API features detected!" in result.stderr


def test_query_get_warns_on_sqlalchemy_2(app_without_tables):
    if not SQLALCHEMY_2:
        pytest.skip("SQLAlchemy 1.4 warns once per process: the test above")
    with app_without_tables.app_context():
        db.create_all()
        legacy = r"Query\.get\(\) method is considered legacy"
        with pytest.warns(sqlalchemy.exc.LegacyAPIWarning, match=legacy):
            User.query.get(1)


def test_relative_sqlite_paths(tmp_path):
    app = Flask(__name__, root_path=str(tmp_path / "root"), instance_path=str(tmp_path / "instance"))
    app.config.update(
        SQLALCHEMY_DATABASE_URI="sqlite:///relative.db", SQLALCHEMY_TRACK_MODIFICATIONS=False
    )
    (tmp_path / "root").mkdir()
    local = SQLAlchemy()
    local.init_app(app)
    with app.app_context():
        local.create_all()
        local.session.execute(sqlalchemy.text("create table t (x)"))
        local.session.commit()
    if FLASK_SQLALCHEMY_VERSION >= (3, 0):
        assert (tmp_path / "instance/relative.db").is_file()  # the instance folder is created
        assert not (tmp_path / "root/relative.db").exists()
    else:
        assert (tmp_path / "root/relative.db").is_file()  # 2.x: next to the app's root path
        assert not (tmp_path / "instance").exists()


def test_a_script_keeps_its_instance_folder_in_the_current_directory(reader, tmp_path):
    if FLASK_SQLALCHEMY_VERSION < (3, 0):
        pytest.skip("Flask-SQLAlchemy 2.x puts a relative SQLite file in the app's root path, not the instance folder")
    script_folder = SNIPPETS / "flask-sqlalchemy"
    result = reader.python("flask-sqlalchemy/flask_sqlalchemy_single_module.py", env={"DATABASE_URL": "sqlite:///notes.db"})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "instance/notes.db").is_file()  # tmp_path is the current directory
    assert not (script_folder / "instance").exists()
    assert not (script_folder / "notes.db").exists()


# -- Related errors ------------------------------------------------------------------------------


def test_an_app_never_given_to_init_app(reader, snippet):
    error = snippet("flask-sqlalchemy/flask_sqlalchemy_not_registered_error.txt").read_text(encoding="utf-8")
    result = reader.python("flask-sqlalchemy/flask_sqlalchemy_not_registered_broken.py")
    assert result.returncode == 1
    if FLASK_SQLALCHEMY_VERSION < (3, 0):
        pytest.skip("Flask-SQLAlchemy 2.5 raises a KeyError here; the page quotes the 3.x message")
    assert result.stderr.endswith(error)


def test_a_second_sqlalchemy_object_is_not_registered(app_without_tables, snippet):
    if FLASK_SQLALCHEMY_VERSION < (3, 0):
        pytest.skip("Flask-SQLAlchemy 2.5 fails in its own way; the page quotes the 3.x message")
    error = snippet("flask-sqlalchemy/flask_sqlalchemy_not_registered_error.txt").read_text(encoding="utf-8")
    second = SQLAlchemy()
    with app_without_tables.app_context():
        with pytest.raises(RuntimeError) as raised:
            second.engine
    assert f"RuntimeError: {raised.value}\n" == error


def test_each_sqlite_memory_connection_is_a_new_database():
    with closing(sqlite3.connect(":memory:")) as first, closing(sqlite3.connect(":memory:")) as second:
        first.execute("create table t (x)")
        assert second.execute("select count(*) from sqlite_master").fetchone() == (0,)


def test_an_in_memory_database_is_one_shared_connection():
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": "sqlite:///:memory:", "SQLALCHEMY_TRACK_MODIFICATIONS": False}
    )
    with app.app_context():
        db.create_all()
        db.session.add(User(name="ada"))
        db.session.commit()
        assert type(db.engine.pool).__name__ == "StaticPool"
    with app.app_context():  # a new context and session: same connection, same data
        assert count_users() == 1

    counts = []

    def in_a_thread():
        with app.app_context():
            counts.append(count_users())

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join()
    assert counts == [1]
