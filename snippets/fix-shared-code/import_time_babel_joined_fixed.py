"""The join made lazy too: the function runs each time the label is used, in that request."""

from flask_babel import LazyString, gettext


class Labels:
    WELCOME = LazyString(lambda: "» " + gettext("Welcome"))
