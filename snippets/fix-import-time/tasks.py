"""A task assigned to a user by name: the model of the Flask-Admin snippets."""

from myapp import db


class Task(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    owner = db.Column(db.String(80), nullable=False)
