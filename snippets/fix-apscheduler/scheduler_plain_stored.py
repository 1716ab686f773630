"""Plain APScheduler whose jobs are saved in a database: the job finds the app in its module."""

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select

from myapp import db
from myapp.models import User

flask_app = None  # set by start_scheduler(): a saved job keeps the function's name, not the app


def cleanup():
    with flask_app.app_context():
        guests = db.session.scalars(select(User).where(User.name.startswith("guest-")))
        for user in guests:
            db.session.delete(user)
        db.session.commit()


def start_scheduler(app, jobs_url):
    global flask_app
    flask_app = app
    scheduler = BackgroundScheduler(jobstores={"default": SQLAlchemyJobStore(url=jobs_url)})
    scheduler.add_job(cleanup, "cron", id="cleanup", hour=2, replace_existing=True)
    scheduler.start()
    return scheduler
