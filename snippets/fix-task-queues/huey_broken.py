"""Broken: a Huey task runs in the consumer with no application context."""

from huey import SqliteHuey
from sqlalchemy import func, select

from myapp import db
from myapp.models import User

huey = SqliteHuey(filename="huey.db")


@huey.task()
def count_users():
    return db.session.scalar(select(func.count()).select_from(User))  # fails in the consumer
