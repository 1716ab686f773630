"""Broken: Celery signal handlers run outside the task's __call__, with no app context."""

from celery.signals import task_prerun, worker_process_init
from flask import current_app

from webapp import create_app, db

flask_app = create_app()
celery_app = flask_app.extensions["celery"]


@worker_process_init.connect
def dispose_engine(**kwargs):
    db.engine.dispose()  # fails: no application context in a new worker process


@task_prerun.connect
def log_start(task, **kwargs):
    current_app.logger.info("Starting %s", task.name)  # fails: FlaskTask has not run yet
