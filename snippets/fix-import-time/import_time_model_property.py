"""The property advice applied to a model: SQLAlchemy reads the class once, and finds no column."""

import os

from flask import Flask, current_app
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)

    @property
    def status(self):
        return current_app.config["DEFAULT_STATUS"]


def create_app(config=None):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL", "sqlite:///app.db")
    app.config.update(config or {})
    db.init_app(app)
    return app
