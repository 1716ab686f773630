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
    with app.app_context():
        db.create_all()
    return db  # no context left: the plugin's set-up reads db.engine without one
