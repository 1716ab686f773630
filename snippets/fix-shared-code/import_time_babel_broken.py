"""A message translated when the module is imported: no request has chosen a language yet."""

from flask import Flask, request
from flask_babel import Babel, gettext

WELCOME = gettext("Welcome")


def select_locale():
    return request.accept_languages.best_match(["en", "vi"])


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})
    Babel(app, locale_selector=select_locale)

    @app.route("/")
    def index():
        return WELCOME

    return app
