"""A callable default: WTForms calls it each time a form is created, in that request."""

from flask import current_app
from wtforms import Form, IntegerField


class SearchForm(Form):
    per_page = IntegerField("Per page", default=lambda: current_app.config["PAGE_SIZE"])
