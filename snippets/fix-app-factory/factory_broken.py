"""A factory that creates the tables while it builds the app: no context is active there."""

import os

from flask import Flask

import myapp.models  # registers the tables with db
from myapp import db


def create_app():
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL", "sqlite:///app.db")
    db.init_app(app)
    db.create_all()
    return app
