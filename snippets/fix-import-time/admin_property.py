"""The choices as a property: Flask-Admin reads it when the view is created, in create_app()."""

import os

from flask_admin import Admin
from flask_admin.contrib.sqla import ModelView
from flask_babel import Babel

import myapp
from myapp import db
from myapp.models import User
from tasks import Task


class TaskAdmin(ModelView):
    @property
    def form_choices(self):
        return {"owner": [(name, name) for name in db.session.scalars(db.select(User.name))]}


def create_app(config=None):
    secret = {"SECRET_KEY": os.environ.get("SECRET_KEY", "dev")}  # a save flashes a message
    app = myapp.create_app({**secret, **(config or {})})
    Babel(app)  # Flask-Admin translates with Flask-Babel when it is installed
    admin = Admin(app)
    admin.add_view(TaskAdmin(Task, db))
    return app
