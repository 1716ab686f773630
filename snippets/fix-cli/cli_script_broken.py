"""A click script run with `python`: no `flask` command, so no application context."""

import click

from myapp import create_app, db

app = create_app()  # creating the app pushes no context


@click.command()
def seed_db():
    db.create_all()  # raises


if __name__ == "__main__":
    seed_db()
