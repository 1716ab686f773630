"""The same job without a context: it fails each time the scheduler runs it."""

from flask_apscheduler import APScheduler
from sqlalchemy import select

from myapp import db
from myapp.models import User

scheduler = APScheduler()


@scheduler.task("cron", id="cleanup", hour=2)
def cleanup():
    # Raises: the scheduler's thread has no application context.
    guests = db.session.scalars(select(User).where(User.name.startswith("guest-")))


def init_scheduler(app):
    scheduler.init_app(app)
    scheduler.start()
