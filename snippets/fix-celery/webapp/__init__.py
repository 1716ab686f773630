"""A Flask app whose Celery tasks run inside its application context."""

from celery import Celery, Task
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def create_app():
    app = Flask(__name__)
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI="sqlite:///webapp.db",
        CELERY={
            "broker_url": "redis://localhost:6379/0",
            "result_backend": "redis://localhost:6379/0",
        },
    )
    # Production (or a test) overrides these in the file $WEBAPP_SETTINGS names.
    app.config.from_envvar("WEBAPP_SETTINGS", silent=True)
    db.init_app(app)
    from webapp import models  # create_all() makes the tables of the models imported so far

    with app.app_context():
        db.create_all()  # creates the tables that do not exist yet
    celery_app = celery_init_app(app)
    celery_app.autodiscover_tasks(["webapp"])  # the worker imports webapp.tasks
    return app


def celery_init_app(app):
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():  # every task runs inside this app's context
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)  # base class set at creation
    celery_app.config_from_object(app.config["CELERY"])
    celery_app.set_default()  # the app that @shared_task tasks use
    celery_app.flask_app = app  # task bases from other libraries find the Flask app here
    app.extensions["celery"] = celery_app
    return celery_app
