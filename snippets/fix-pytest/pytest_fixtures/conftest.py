"""pytest fixtures for myapp: no application context stays open while a test runs."""

import pytest

import myapp.models  # registers the tables with db
from myapp import create_app, db


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            # a new SQLite file for each test, in pytest's tmp_path
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.db'}",
        }
    )
    with app.app_context():  # only for as long as setup needs it
        db.create_all()

    yield app  # outside any context: a test pushes one only where it needs it

    with app.app_context():  # cleanup needs a context too
        db.drop_all()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def app_ctx(app):
    """For tests that use the models directly instead of going through a request."""
    with app.app_context():
        yield
