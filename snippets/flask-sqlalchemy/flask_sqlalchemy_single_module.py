"""A one-module app that passes itself to SQLAlchemy(app), updated for Flask-SQLAlchemy 3.x."""

import os

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import select

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL", "sqlite:///notes.db")
db = SQLAlchemy(app)  # sets up this app, but does not keep it for later


class Note(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    text = db.Column(db.String(200), nullable=False)


with app.app_context():  # 3.x needs this even with SQLAlchemy(app)
    db.create_all()
    db.session.add(Note(text="hello"))
    db.session.commit()
    print(db.session.scalars(select(Note.text)).all())
