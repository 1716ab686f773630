"""The factory pattern: extensions set up per app, start-up work in the app's context."""

import os

from flask import Flask

import myapp.models  # registers the tables with db
from factory_extension import Greeter
from myapp import db

greeter = Greeter()


def create_app(config=None):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL", "sqlite:///app.db")
    app.config.update(config or {})
    db.init_app(app)
    greeter.init_app(app)

    @app.route("/hello/<name>")
    def hello(name):
        return greeter.greet(name)

    # Start-up work that needs the app runs inside its context, while the factory runs.
    with app.app_context():
        db.create_all()
    return app
