"""The choices as a property: Flask-Admin reads it when the view is created, in create_app()."""

from flask_admin import Admin
from flask_admin.contrib.sqla import ModelView

import myapp
from myapp import db
from myapp.models import User
from tasks import Task


class TaskAdmin(ModelView):
    @property
    def form_choices(self):
        return {"owner": [(name, name) for name in db.session.scalars(db.select(User.name))]}


def create_app(config=None):
    app = myapp.create_app(config)
    admin = Admin(app)
    admin.add_view(TaskAdmin(Task, db))
    return app
