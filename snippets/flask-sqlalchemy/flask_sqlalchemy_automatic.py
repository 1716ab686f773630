"""A view and a flask command: Flask pushes the context for both, so no with block."""

import click
from sqlalchemy import func, select

from myapp import create_app, db
from myapp.models import User

app = create_app()


@app.get("/users/count")
def users_count():
    return {"users": db.session.scalar(select(func.count()).select_from(User))}


@app.cli.command("add-user")
@click.argument("name")
def add_user(name):
    db.create_all()
    db.session.add(User(name=name))
    db.session.commit()
    click.echo(f"Added {name}.")
