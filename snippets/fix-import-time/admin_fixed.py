"""The choices set on each form that Flask-Admin creates, in the request that shows it."""

from flask_admin import Admin
from flask_admin.contrib.sqla import ModelView
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
    app = myapp.create_app(config)
    admin = Admin(app)
    admin.add_view(TaskAdmin(Task, db))
    return app
