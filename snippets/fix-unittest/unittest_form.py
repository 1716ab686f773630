"""A Flask-WTF form: with CSRF protection on, creating it reads the session of the current request."""

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired


class SignupForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired()])
