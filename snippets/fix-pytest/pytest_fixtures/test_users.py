"""Tests that push an application context only where they use the database directly."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from myapp import db
from myapp.models import User


def count_users():
    return db.session.scalar(select(func.count()).select_from(User))


def test_add_user(app_ctx):
    db.session.add(User(name="ada"))
    db.session.commit()
    assert db.session.get(User, 1).name == "ada"


def test_names_are_unique(app):
    with app.app_context():
        db.session.add_all([User(name="ada"), User(name="ada")])
        with pytest.raises(IntegrityError):
            db.session.commit()


def test_count_page(app, client):
    @app.get("/users/count")
    def users_count():
        return str(count_users())  # the request pushes its own context

    with app.app_context():
        db.session.add(User(name="ada"))
        db.session.commit()

    response = client.get("/users/count")  # outside the with block
    assert response.get_data(as_text=True) == "1"
