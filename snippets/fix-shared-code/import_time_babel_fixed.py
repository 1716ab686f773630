"""A lazy message is translated each time it is used, in the language of that request."""

from flask import Flask, request
from flask_babel import Babel, lazy_gettext

WELCOME = lazy_gettext("Welcome")


def select_locale():
    return request.accept_languages.best_match(["en", "vi"])


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})
    Babel(app, locale_selector=select_locale)

    @app.route("/")
    def index():
        return str(WELCOME)

    return app
