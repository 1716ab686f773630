"""Broken: a Huey task runs in the consumer with no application context."""

from huey import SqliteHuey

from myapp import db
from myapp.models import User

huey = SqliteHuey(filename="huey.db")


@huey.task()
def add_user(name):
    db.session.add(User(name=name))  # fails in the consumer
    db.session.commit()
    return name
