"""A constant schema: the column is declared once, its default is a function called at each insert."""

import os

from flask import Flask, current_app
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def default_status():
    # Called by SQLAlchemy when a row is inserted, inside the app context of that insert.
    return current_app.config["DEFAULT_STATUS"]


class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    status = db.Column(db.String(20), nullable=False, default=default_status)


def create_app(config=None):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL", "sqlite:///app.db")
    app.config.update(config or {})
    db.init_app(app)
    return app
