"""Fixed: keep celery-once's QueueOnce and push the app context around its __call__."""

from celery import shared_task
from celery_once import QueueOnce
from sqlalchemy import func, select

from webapp import db
from webapp.models import User


class FlaskQueueOnce(QueueOnce):
    def __call__(self, *args, **kwargs):
        with self.app.flask_app.app_context():
            return super().__call__(*args, **kwargs)  # QueueOnce.__call__ still runs


@shared_task(base=FlaskQueueOnce, once={"unlock_before_run": True})
def count_users():
    return db.session.scalar(select(func.count()).select_from(User))
