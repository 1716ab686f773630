"""A nightly Flask-APScheduler job using the database: it pushes its own app context."""

from flask_apscheduler import APScheduler
from sqlalchemy import select

from myapp import db
from myapp.models import User

scheduler = APScheduler()


@scheduler.task("cron", id="cleanup", hour=2)
def cleanup():
    # The scheduler runs jobs in its own threads, where no context is active.
    with scheduler.app.app_context():
        guests = db.session.scalars(select(User).where(User.name.startswith("guest-")))
        for user in guests:
            db.session.delete(user)
        db.session.commit()


def init_scheduler(app):
    # Call it once per process: it sets scheduler.app, which the job uses.
    scheduler.init_app(app)
    scheduler.start()
