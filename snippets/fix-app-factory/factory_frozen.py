"""The forms imported inside the factory's with block: no error, and the choices of start-up for ever."""

import os

from flask import Flask

import myapp.models  # registers the tables with db
from myapp import db


def create_app(config=None):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL", "sqlite:///app.db")
    app.config.update(config or {})
    db.init_app(app)

    with app.app_context():
        db.create_all()
        from factory_forms_broken import AssignForm  # its class body queries the users here, once

    @app.route("/assign")
    def assign():
        return str(AssignForm().owner())

    return app
