"""A command that checks rows with a Flask-WTF form inside a test request: every row is refused."""

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
        with app.test_request_context():
            form = SignupForm(data={"name": name})
            click.echo(f"{name}: {form.validate()} {form.errors}")
