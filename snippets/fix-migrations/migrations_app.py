"""The sample application with Flask-Migrate, its migrations folder next to this file."""

import os

from flask import Flask
from flask_migrate import Migrate

import myapp.models  # registers the tables with db
from myapp import db

migrate = Migrate(directory=os.path.join(os.path.dirname(__file__), "migrations"))


def create_app():
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL", "sqlite:///app.db")
    db.init_app(app)
    migrate.init_app(app, db)
    return app
