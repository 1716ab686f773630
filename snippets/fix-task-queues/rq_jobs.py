"""RQ jobs: plain functions that use the database as a view does."""

import os

from redis import Redis
from rq import Queue

from myapp import db
from myapp.models import User

queue = Queue(connection=Redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/0")))


def add_user(name):
    db.session.add(User(name=name))
    db.session.commit()
    return name
