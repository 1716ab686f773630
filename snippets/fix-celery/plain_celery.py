"""Broken: a plain Celery app, so its tasks run with no application context."""

from celery import Celery
from sqlalchemy import func, select

from webapp import db
from webapp.models import User

celery_app = Celery(
    __name__,
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/0",
)


@celery_app.task
def count_users():
    return db.session.scalar(select(func.count()).select_from(User))  # fails in the worker
