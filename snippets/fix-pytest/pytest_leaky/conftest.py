"""The fixture to avoid: it keeps one application context open for the whole test."""

import pytest

import myapp.models  # registers the tables with db
from myapp import create_app, db


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.db'}",
        }
    )
    with app.app_context():
        db.create_all()
        yield app  # the test and its requests all run in this one context
        db.drop_all()


@pytest.fixture
def client(app):
    return app.test_client()
