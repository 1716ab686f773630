"""This test does not ask for app, so pytest-flask pushes nothing for it."""

from myapp import db
from myapp.models import User


def test_no_users_yet():
    assert db.session.query(User).count() == 0
