"""A lazy message joined to other text at import: the join translates it there, once."""

from flask_babel import lazy_gettext


class Labels:
    WELCOME = "» " + lazy_gettext("Welcome")  # a plain str from here on, made at import
