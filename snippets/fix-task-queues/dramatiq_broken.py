"""Broken: a Dramatiq actor runs in a worker thread with no application context."""

import os

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from sqlalchemy import func, select

from myapp import db
from myapp.models import User

dramatiq.set_broker(RedisBroker(url=os.environ.get("REDIS_URL", "redis://localhost:6379/0")))


@dramatiq.actor
def count_users():
    return db.session.scalar(select(func.count()).select_from(User))  # fails in the worker
