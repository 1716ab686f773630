"""The choices set on each form that Flask-Admin creates, in the request that shows it."""

import os

from flask_admin import Admin
from flask_admin.contrib.sqla import ModelView
from flask_babel import Babel
from wtforms import SelectField

import myapp
from myapp import db
from myapp.models import User
from tasks import Task


def owner_choices():
    return db.session.scalars(db.select(User.name).order_by(User.name)).all()


class TaskAdmin(ModelView):
    form_overrides = {"owner": SelectField}  # built once, at start-up: a constant

    def create_form(self, obj=None):
        form = super().create_form(obj)
        form.owner.choices = owner_choices()  # read on each request
        return form

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        form.owner.choices = owner_choices()
        return form


def create_app(config=None):
    secret = {"SECRET_KEY": os.environ.get("SECRET_KEY", "dev")}  # a save flashes a message
    app = myapp.create_app({**secret, **(config or {})})
    Babel(app)  # Flask-Admin translates with Flask-Babel when it is installed
    admin = Admin(app)
    admin.add_view(TaskAdmin(Task, db))
    return app
