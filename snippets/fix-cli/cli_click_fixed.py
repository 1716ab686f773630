"""A click command added with app.cli.add_command(): it asks for a context itself."""

import click
from flask.cli import with_appcontext

from myapp import create_app, db
from myapp.models import User


@click.command("seed-db")
@with_appcontext
def seed_db_command():
    db.create_all()
    db.session.add(User(name="admin"))
    db.session.commit()
    click.echo("Added user admin.")


app = create_app()
app.cli.add_command(seed_db_command)
