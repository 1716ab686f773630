"""A `seed-db` command: the `flask` command runs it inside an application context."""

import click

from myapp import create_app, db
from myapp.models import User

app = create_app()


@app.cli.command("seed-db")
def seed_db():
    """Create the tables and add the first user."""
    db.create_all()
    db.session.add(User(name="admin"))
    db.session.commit()
    click.echo("Added user admin.")
