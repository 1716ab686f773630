"""A test that uses the database with no application context: it fails."""

from myapp import db
from myapp.models import User


def test_add_user(app):
    db.session.add(User(name="ada"))
