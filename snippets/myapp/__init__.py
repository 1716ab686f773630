"""A small Flask application, built by a factory as most real projects are."""

import os

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def create_app(config=None):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL", "sqlite:///myapp.db")
    app.config.update(config or {})
    db.init_app(app)
    return app
