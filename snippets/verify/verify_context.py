"""Checks that prove an application context is live: paste them where the error was raised."""

from flask import current_app, has_app_context, has_request_context
from sqlalchemy import func, select

from myapp import create_app, db
from myapp.models import User

app = create_app()

with app.app_context():  # the fix you applied
    # Flask: these two never raise, so they are safe to print anywhere.
    print("app context:", has_app_context())
    print("request context:", has_request_context())
    # The context is for this app object, not for some other one.
    print("current_app._get_current_object() is app:", current_app._get_current_object() is app)

    # Flask-SQLAlchemy: a real query. On a new database, create the tables first.
    db.create_all()
    print("users:", db.session.scalar(select(func.count()).select_from(User)))
