"""An RQ worker class that runs every job inside the application context."""

from rq import Worker

from myapp import create_app

app = create_app()


class FlaskWorker(Worker):
    def perform_job(self, *args, **kwargs):
        with app.app_context():  # around each job, in the process that runs it
            return super().perform_job(*args, **kwargs)
