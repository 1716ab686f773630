"""A callable default: WTForms calls it each time a form is created, inside that request's context."""

from flask import current_app
from wtforms import Form, IntegerField


class SearchForm(Form):
    per_page = IntegerField("Per page", default=lambda: current_app.config["PAGE_SIZE"])
