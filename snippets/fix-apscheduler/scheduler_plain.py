"""The same job with plain APScheduler: the job gets the app as an argument."""

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select

from myapp import db
from myapp.models import User


def cleanup(app):
    with app.app_context():
        guests = db.session.scalars(select(User).where(User.name.startswith("guest-")))
        for user in guests:
            db.session.delete(user)
        db.session.commit()


def start_scheduler(app):
    scheduler = BackgroundScheduler()
    # args: each run of the job receives the real app object
    scheduler.add_job(cleanup, "cron", id="cleanup", hour=2, args=[app])
    scheduler.start()
    return scheduler
