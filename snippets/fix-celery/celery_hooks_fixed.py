"""Fixed: each hook that needs the application pushes its context itself."""

from flask import current_app

from webapp import create_app

flask_app = create_app()
celery_app = flask_app.extensions["celery"]


class LoggedTask(celery_app.Task):  # FlaskTask: its __call__ pushes the context
    def on_success(self, retval, task_id, args, kwargs):
        with flask_app.app_context():
            current_app.logger.info("%s returned %r", self.name, retval)


@celery_app.task(base=LoggedTask)
def add(a, b):
    return a + b
