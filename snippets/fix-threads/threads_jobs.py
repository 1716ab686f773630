"""Work that runs in a background thread and needs the app and the database."""

from myapp import db
from myapp.models import User


def save_user(app, name):
    # A new thread has no context: push one for the app it was given.
    with app.app_context():
        db.session.add(User(name=name))
        db.session.commit()
