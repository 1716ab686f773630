"""The application factory and extensions' init_app: set-up work needs the app's own context,
init_app works on the app it is given."""

import importlib
import os
import sqlite3
import sys
from contextlib import closing

import pytest
from flask import Flask, has_app_context

import myapp
from harness.flask_lines import APP_CONTEXT_ERROR, DATABASE_CONTEXT_ERROR, first_line, for_this_flask
from harness.recordings import assert_recorded
from myapp import db
from myapp.models import User

# A reader's factory that sets up the extension of factory_extension_broken.py, as
# factory_fixed.py sets up the working one.
GREETER_FACTORY = """\
from flask import Flask

from factory_extension_broken import Greeter

greeter = Greeter()


def create_app():
    app = Flask(__name__)
    greeter.init_app(app)
    return app
"""

def tables(database):
    with closing(sqlite3.connect(database)) as connection:
        return sorted(name for (name,) in connection.execute("select name from sqlite_master where type = 'table'"))


def models():
    """What db.create_all() makes: myapp's `user` table, and the tables of models that other
    tests of this process imported onto myapp's db (the Flask-Admin snippets' Task)."""
    assert "user" in db.metadata.tables
    return sorted(db.metadata.tables)


def test_create_all_in_the_factory_fails(monkeypatch, database_url):
    import factory_broken

    monkeypatch.setenv("DATABASE_URL", database_url)
    with pytest.raises(RuntimeError) as raised:
        factory_broken.create_app()
    assert first_line(raised.value) == DATABASE_CONTEXT_ERROR


def test_flask_finds_the_factory_and_fails_in_it(reader):
    """As a reader meets it: `flask --app factory_broken run` (here `routes`) calls create_app()."""
    result = reader.flask("factory_broken", "routes")
    assert result.returncode == 1
    assert DATABASE_CONTEXT_ERROR in result.stderr.splitlines()
    assert_recorded("factory", result.stderr)


def test_another_apps_context_hides_the_error_and_uses_the_wrong_database(monkeypatch, tmp_path):
    """In a shell or a test fixture some other context may be active: the tables land there."""
    import factory_broken

    other = myapp.create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'other.db'}"})
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'app.db'}")
    with other.app_context():
        factory_broken.create_app()
    assert tables(tmp_path / "other.db") == models()
    assert not (tmp_path / "app.db").exists()


# What Flask-SQLAlchemy raises in the context of an application that db was never given.
NOT_REGISTERED = for_this_flask({
    (2, 0): "AssertionError: The sqlalchemy extension was not registered to the current application.",
    (2, 2): "RuntimeError: The current Flask app is not registered with this 'SQLAlchemy' instance.",
})


def test_the_context_of_an_app_that_db_was_never_given_changes_the_error(monkeypatch, tmp_path):
    import factory_broken

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'app.db'}")
    with Flask("other").app_context():
        with pytest.raises((RuntimeError, AssertionError)) as raised:
            factory_broken.create_app()
    assert f"{raised.typename}: {raised.value}".startswith(NOT_REGISTERED)


def test_the_factory_does_its_start_up_work_in_the_apps_context(tmp_path):
    import factory_fixed

    apps = {
        name: factory_fixed.create_app(
            {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / name}.db", "GREETING": greeting}
        )
        for name, greeting in [("first", "Hello"), ("second", "Xin chào")]
    }
    for name in apps:
        assert tables(tmp_path / f"{name}.db") == models()
    assert apps["first"].test_client().get("/hello/ada").get_data(as_text=True) == "Hello, ada!"
    assert apps["second"].test_client().get("/hello/ada").get_data(as_text=True) == "Xin chào, ada!"



def test_calls_without_config_get_their_own_engine_on_one_database(monkeypatch, tmp_path):
    """Each app has its own engine, but the database is the one its configuration names."""
    import factory_fixed
    from myapp.models import User

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'app.db'}")
    first, second = factory_fixed.create_app(), factory_fixed.create_app()
    engines = []
    for app in (first, second):
        with app.app_context():
            engines.append(db.engine)
    assert engines[0] is not engines[1]
    assert engines[0].url == engines[1].url
    with first.app_context():
        db.session.add(User(name="ada"))
        db.session.commit()
    with second.app_context():
        assert [user.name for user in User.query.all()] == ["ada"]  # the first app's user
    for engine in engines:
        engine.dispose()

def test_the_extension_defaults_its_settings_on_the_app_it_is_given(tmp_path):
    import factory_fixed

    app = factory_fixed.create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'app.db'}"})
    assert app.config["GREETING"] == "Hello"
    assert app.extensions["greeter"] is factory_fixed.greeter


def test_the_extension_can_take_the_app_at_once():
    from factory_extension import Greeter

    app = Flask(__name__)
    greeter = Greeter(app)
    with app.app_context():
        assert greeter.greet("ada") == "Hello, ada!"


def test_init_app_through_current_app_fails_in_a_factory():
    from factory_extension_broken import Greeter

    app = Flask(__name__)
    with pytest.raises(RuntimeError) as raised:
        Greeter(app)
    assert first_line(raised.value) == APP_CONTEXT_ERROR


def test_flask_finds_the_factory_and_init_app_fails_in_it(reader, tmp_path):
    """As a reader meets it: `flask --app greeter_app routes` calls create_app(), which calls the
    extension's init_app(), which reads current_app."""
    (tmp_path / "greeter_app.py").write_text(GREETER_FACTORY, encoding="utf-8")
    result = reader.flask("greeter_app", "routes")
    assert result.returncode == 1
    assert APP_CONTEXT_ERROR in result.stderr.splitlines()
    assert_recorded("factory_extension", result.stderr.replace(str(tmp_path) + os.sep, "/home/you/project/"))


def test_the_one_call_wrapped_in_the_new_apps_context_sets_up_each_app(reader):
    module = reader.load("factory_extension_wrapped")
    first, second = module.create_app(), module.create_app()
    for app in (first, second):
        assert app.config["GREETING"] == "Hello" and app.extensions["greeter"] is module.greeter
        with app.app_context():
            assert module.greeter.greet("ada") == "Hello, ada!"
    assert not has_app_context()  # the factory left no context behind


def test_init_app_through_current_app_sets_up_whichever_app_is_current():
    from factory_extension_broken import Greeter

    current, new = Flask("current"), Flask("new")
    greeter = Greeter()
    with current.app_context():
        greeter.init_app(new)
    assert current.config["GREETING"] == "Hello"
    assert "GREETING" not in new.config
    with current.app_context():
        assert greeter.greet("ada") == "Hello, ada!"


@pytest.fixture
def factory_with_ada(monkeypatch, database_url):
    """A database that holds one user, ada, before start-up; factory("name") imports that
    factory module and the forms it imports afresh, as a new process would, and starts its app."""
    seeded = myapp.create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with seeded.app_context():
        myapp.db.create_all()
        myapp.db.session.add(User(name="ada"))
        myapp.db.session.commit()

    def start(name):
        for module in (name, "factory_forms_broken", "factory_forms"):
            monkeypatch.delitem(sys.modules, module, raising=False)
        app = importlib.import_module(name).create_app({"SQLALCHEMY_DATABASE_URI": database_url})
        with app.app_context():
            myapp.db.session.add(User(name="grace"))  # a user added after start-up
            myapp.db.session.commit()
        return app

    yield start
    with seeded.app_context():
        myapp.db.engine.dispose()


def test_forms_that_query_in_the_class_body_fail_at_import(monkeypatch):
    monkeypatch.delitem(sys.modules, "factory_forms_broken", raising=False)
    with pytest.raises(RuntimeError) as raised:
        importlib.import_module("factory_forms_broken")
    assert first_line(raised.value) == DATABASE_CONTEXT_ERROR


def test_imported_in_the_factorys_block_the_choices_stay_those_of_start_up(factory_with_ada):
    html = factory_with_ada("factory_frozen").test_client().get("/assign").get_data(as_text=True)
    assert 'value="ada"' in html
    assert 'value="grace"' not in html


def test_choices_read_in_init_show_the_rows_added_after_start_up(factory_with_ada):
    html = factory_with_ada("factory_per_use").test_client().get("/assign").get_data(as_text=True)
    assert 'value="ada"' in html
    assert 'value="grace"' in html
