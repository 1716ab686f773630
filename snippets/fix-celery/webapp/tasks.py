"""Tasks use the database as a view would: FlaskTask gives them the context."""

from celery import shared_task
from sqlalchemy import func, select

from webapp import db
from webapp.models import User


@shared_task
def add_user(name):
    db.session.add(User(name=name))
    db.session.commit()
    return db.session.scalar(select(func.count()).select_from(User))


@shared_task
def count_users():
    return db.session.scalar(select(func.count()).select_from(User))
