"""The forms read the database per use: imported at the top, the factory's block only creates tables."""

import os

from flask import Flask

import myapp.models  # registers the tables with db
from factory_forms import AssignForm
from myapp import db


def create_app(config=None):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL", "sqlite:///app.db")
    app.config.update(config or {})
    db.init_app(app)

    with app.app_context():
        db.create_all()

    @app.route("/assign")
    def assign():
        return str(AssignForm().owner())

    return app
