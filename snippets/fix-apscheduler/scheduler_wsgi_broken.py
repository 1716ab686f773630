"""The module gunicorn or uWSGI serves: it starts the scheduler in every worker process."""

from myapp import create_app
from scheduler_fixed import init_scheduler

app = create_app()
# Each worker process imports this module, so each one starts a scheduler of its own.
init_scheduler(app)
