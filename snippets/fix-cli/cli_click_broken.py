"""Without @with_appcontext: only `flask`, from Flask 2.2 on, gives it a context."""

import click

from myapp import create_app, db
from myapp.models import User


@click.command("seed-db")
def seed_db_command():
    db.create_all()
    db.session.add(User(name="admin"))
    db.session.commit()
    click.echo("Added user admin.")


app = create_app()
app.cli.add_command(seed_db_command)
