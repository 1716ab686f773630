"""pytest-flask-sqlalchemy's fixtures use the database of your `_db` fixture, before each test."""

import pytest

import myapp.models  # registers the tables with db
from myapp import create_app, db


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    database = tmp_path_factory.mktemp("db") / "test.db"
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})


@pytest.fixture
def _db(app):
    # The plugin opens each test's transaction on db.engine, before the test runs:
    # a context for each test (scope="function", the default), for as long as it runs.
    with app.app_context():
        db.create_all()
        yield db  # the context stays pushed while the plugin uses db
