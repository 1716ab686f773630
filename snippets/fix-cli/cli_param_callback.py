"""A command whose argument a click callback checks against the database."""
# Flask 2.2 and later push the context before click calls it; 2.0 and 2.1 only around the command.

import click
from sqlalchemy import delete, select

from myapp import create_app, db
from myapp.models import User

app = create_app()


def existing_user(ctx, param, name):
    """Click calls this while it reads the command line, before the command runs."""
    if db.session.scalar(select(User).filter_by(name=name)) is None:
        raise click.BadParameter(f"no user named {name!r}")
    return name


@app.cli.command("remove-user")
@click.argument("name", callback=existing_user)
def remove_user(name):
    db.session.execute(delete(User).filter_by(name=name))
    db.session.commit()
    click.echo(f"Removed user {name}.")
