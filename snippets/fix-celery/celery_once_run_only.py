"""Half fixed: a __call__ that calls self.run() skips QueueOnce.__call__, so the lock stays."""

from celery import shared_task
from celery_once import QueueOnce
from sqlalchemy import func, select

from webapp import db
from webapp.models import User


class FlaskQueueOnce(QueueOnce):
    def __call__(self, *args, **kwargs):
        with self.app.flask_app.app_context():
            return self.run(*args, **kwargs)  # QueueOnce.__call__ never runs


@shared_task(base=FlaskQueueOnce, once={"unlock_before_run": True})
def count_users():
    return db.session.scalar(select(func.count()).select_from(User))
