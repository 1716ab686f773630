"""Broken: a task with base=QueueOnce does not get the Flask task base."""

from celery import shared_task
from celery_once import QueueOnce
from sqlalchemy import func, select

from webapp import db
from webapp.models import User


@shared_task(base=QueueOnce)  # this base replaces FlaskTask
def count_users():
    return db.session.scalar(select(func.count()).select_from(User))  # fails
