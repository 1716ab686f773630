"""Each test asks for app, directly or through client: pytest-flask pushes a context for it."""

import pytest

from myapp import db
from myapp.models import User


@pytest.mark.usefixtures("app")
def test_no_users_yet():
    assert db.session.query(User).count() == 0


def test_add_user(app):
    db.session.add(User(name="ada"))
    db.session.commit()
    assert db.session.query(User).count() == 1


def test_client_and_models(client):
    assert client.get("/missing").status_code == 404
    assert db.session.query(User).count() == 0
