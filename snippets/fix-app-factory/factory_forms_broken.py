"""A form whose choices are read from the database in the class body: once, at import."""

from wtforms import Form, SelectField

from myapp import db
from myapp.models import User


class AssignForm(Form):
    owner = SelectField("Owner", choices=db.session.scalars(db.select(User.name).order_by(User.name)).all())
