"""A form field whose default is read from the configuration in the class body, at import."""

from flask import current_app
from wtforms import Form, IntegerField


class SearchForm(Form):
    per_page = IntegerField("Per page", default=current_app.config["PAGE_SIZE"])
