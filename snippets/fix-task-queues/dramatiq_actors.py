"""Dramatiq actors that run inside the application context: a middleware pushes it."""

import os
import threading

import dramatiq
from dramatiq.brokers.redis import RedisBroker

from myapp import create_app, db
from myapp.models import User

app = create_app()


class AppContextMiddleware(dramatiq.Middleware):
    def __init__(self, app):
        self.app = app
        self.local = threading.local()  # each worker thread has its own context

    def before_process_message(self, broker, message):
        self.local.context = self.app.app_context()
        self.local.context.push()

    def after_process_message(self, broker, message, *, result=None, exception=None):
        self.local.context.pop()  # called after a failure too


broker = RedisBroker(url=os.environ.get("REDIS_URL", "redis://localhost:6379/0"))
broker.add_middleware(AppContextMiddleware(app))  # last, after Dramatiq's own
dramatiq.set_broker(broker)


@dramatiq.actor
def add_user(name):
    db.session.add(User(name=name))
    db.session.commit()
