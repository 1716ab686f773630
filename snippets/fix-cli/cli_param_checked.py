"""The same check in the command's own body, which runs in the context on every Flask."""

import click
from sqlalchemy import delete, select

from myapp import create_app, db
from myapp.models import User

app = create_app()


@app.cli.command("remove-user")
@click.argument("name")
def remove_user(name):
    if db.session.scalar(select(User).filter_by(name=name)) is None:
        raise click.BadParameter(f"no user named {name!r}", param_hint="'NAME'")
    db.session.execute(delete(User).filter_by(name=name))
    db.session.commit()
    click.echo(f"Removed user {name}.")
