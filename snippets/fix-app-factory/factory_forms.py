"""The same form reading its choices in __init__: each form gets the rows of the moment."""

from wtforms import Form, SelectField

from myapp import db
from myapp.models import User


class AssignForm(Form):
    owner = SelectField("Owner")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Runs each time a form is created, in the request that creates it.
        self.owner.choices = db.session.scalars(db.select(User.name).order_by(User.name)).all()
