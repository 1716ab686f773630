"""The filter gets a function: Flask-AppBuilder calls it on each request, for that request's user."""

from flask import g
from flask_appbuilder import AppBuilder, ModelView
from flask_appbuilder.models.sqla.filters import FilterEqualFunction
from flask_appbuilder.models.sqla.interface import SQLAInterface

import myapp
from myapp import db
from notes import Note

appbuilder = AppBuilder()


def current_username():
    # Called each time Flask-AppBuilder filters the notes, in that request.
    return g.user.username


class NoteView(ModelView):
    datamodel = SQLAInterface(Note)
    base_filters = [["owner", FilterEqualFunction, current_username]]


def create_app(config=None):
    app = myapp.create_app(config)
    with app.app_context():  # Flask-AppBuilder's set-up reads current_app
        appbuilder.init_app(app, db.session)
        appbuilder.add_view(NoteView, "Notes")
    return app
