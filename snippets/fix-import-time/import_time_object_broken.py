"""Fetching an extension object from current_app at import: the module cannot even be imported."""

from flask import current_app

from myapp.models import User

db = current_app.extensions["sqlalchemy"]


def count_users():
    return db.session.query(User).count()
