"""Flask-Executor: a job submitted from a view runs with the app context and the request."""

from flask import Blueprint
from flask_executor import Executor

from myapp import db
from myapp.models import User

executor = Executor()  # executor.init_app(app) in your factory
bp = Blueprint("executor_users", __name__)


def save_user(name):
    db.session.add(User(name=name))  # Flask-Executor pushed an app context for the job
    db.session.commit()


@bp.post("/users/<name>")
def add_user(name):
    executor.submit(save_user, name)
    return {"queued": name}, 202
