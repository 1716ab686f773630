"""Import the extension object itself: it exists at import and finds the app when it is used."""

from myapp import db
from myapp.models import User


def count_users():
    return db.session.query(User).count()
