"""Broken: Celery calls a task's on_success after __call__ has returned, outside its context."""

from flask import current_app

from webapp import create_app

flask_app = create_app()
celery_app = flask_app.extensions["celery"]


class LoggedTask(celery_app.Task):  # FlaskTask: its __call__ pushes the context
    def on_success(self, retval, task_id, args, kwargs):
        current_app.logger.info("%s returned %r", self.name, retval)


@celery_app.task(base=LoggedTask)
def add(a, b):
    return a + b
