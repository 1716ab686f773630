"""One SQLite connection per application context: opened on first use, closed at the end."""

import sqlite3

import click
from flask import Flask, current_app, g
from werkzeug.local import LocalProxy


def get_db():
    # The first call in a context connects; later calls reuse the connection.
    if "db" not in g:
        g.db = sqlite3.connect(current_app.config["DATABASE"])
    return g.db


def teardown_db(exception):
    # Flask passes the exception that ended the context, or None.
    db = g.pop("db", None)
    if db is not None:
        db.close()


# A context-local like current_app: every use calls get_db().
db = LocalProxy(get_db)


def create_app(config=None):
    app = Flask(__name__)
    app.config["DATABASE"] = "app.db"
    app.config.update(config or {})
    app.teardown_appcontext(teardown_db)

    # No request is running here, so push a context for the set-up work.
    with app.app_context():
        db.execute("CREATE TABLE IF NOT EXISTS visit (path TEXT)")

    @app.get("/")
    def index():
        db.execute("INSERT INTO visit VALUES (?)", ("/",))
        db.commit()
        return "visit recorded\n"

    @app.cli.command("count-visits")
    def count_visits():
        # The flask command pushed a context, so db works here.
        (count,) = db.execute("SELECT count(*) FROM visit").fetchone()
        click.echo(f"{count} visit(s)")

    return app
