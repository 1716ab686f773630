"""The app fixture pytest-flask looks for: each test that uses it gets a request context."""

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
    yield app
    with app.app_context():
        db.drop_all()
