"""A locale selector that reads the request: a job that translates a message fails."""

from flask import Flask, request
from flask_babel import Babel, gettext


def select_locale():
    return request.accept_languages.best_match(["en", "vi"])


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})
    Babel(app, locale_selector=select_locale)

    @app.route("/")
    def index():
        return gettext("Welcome")

    return app


def reminder_subject(app):
    with app.app_context():
        return gettext("Welcome")


if __name__ == "__main__":
    print(reminder_subject(create_app()))
