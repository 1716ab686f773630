"""Start-up work once done by @app.before_first_request, now in the factory."""

import os

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Tag(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(40), unique=True, nullable=False)


def create_app():
    app = Flask(__name__)
    database_url = os.environ.get("DATABASE_URL", "sqlite:///app.db")
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url
    db.init_app(app)
    # Once, when the app is built: like any code outside a request, it needs a context.
    with app.app_context():
        db.create_all()
    return app
