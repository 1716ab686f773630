"""The same command with CSRF protection off for this form only: no request needed."""

import click
from flask import Flask
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired

app = Flask(__name__)
app.config["SECRET_KEY"] = "dev"


class SignupForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired()])


@app.cli.command("check-names")
@click.argument("names", nargs=-1)
def check_names(names):
    for name in names:
        # No browser sent this data, so there is no CSRF token to check; the views keep theirs.
        form = SignupForm(data={"name": name}, meta={"csrf": False})
        click.echo(f"{name}: {form.validate()} {form.errors}")
