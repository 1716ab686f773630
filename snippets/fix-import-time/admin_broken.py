"""A Flask-Admin view whose choices are read from the database in the class body, at import."""

from flask_admin.contrib.sqla import ModelView

from myapp import db
from myapp.models import User


class TaskAdmin(ModelView):
    form_choices = {"owner": [(name, name) for name in db.session.scalars(db.select(User.name))]}
