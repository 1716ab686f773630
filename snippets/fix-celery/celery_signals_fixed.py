"""Fixed: each Celery signal handler pushes the application context itself."""

from celery.signals import task_prerun, worker_process_init
from flask import current_app

from webapp import create_app, db

flask_app = create_app()
celery_app = flask_app.extensions["celery"]


@worker_process_init.connect
def dispose_engine(**kwargs):
    with flask_app.app_context():
        db.engine.dispose()  # each worker process opens connections of its own


@task_prerun.connect
def log_start(task, **kwargs):
    with flask_app.app_context():
        current_app.logger.info("Starting %s", task.name)
