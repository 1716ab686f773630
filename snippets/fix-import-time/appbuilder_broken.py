"""A Flask-AppBuilder view filtered by the logged-in user in its class body, at import."""

from flask import g
from flask_appbuilder import ModelView
from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_appbuilder.models.sqla.interface import SQLAInterface

from notes import Note


class NoteView(ModelView):
    datamodel = SQLAInterface(Note)
    base_filters = [["owner", FilterEqual, g.user.username]]
