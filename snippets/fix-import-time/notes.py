"""A note that belongs to a user: the model of the Flask-AppBuilder snippets."""

from flask_appbuilder import Model
from sqlalchemy import Column, Integer, String


class Note(Model):
    __tablename__ = "note"
    id = Column(Integer, primary_key=True)
    text = Column(String(200), nullable=False)
    owner = Column(String(64), nullable=False)
