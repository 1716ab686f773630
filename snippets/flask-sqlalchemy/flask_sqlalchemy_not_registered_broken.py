"""A context for an app that db.init_app() never saw: Flask-SQLAlchemy cannot use it."""

from flask import Flask

from myapp import db
from myapp.models import User

app = Flask(__name__)  # a new app, not the one create_app() sets up

with app.app_context():
    db.session.get(User, 1)
