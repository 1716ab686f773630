"""The selector answers only in a request; a job picks its language with force_locale."""

from flask import Flask, has_request_context, request
from flask_babel import Babel, force_locale, gettext


def select_locale():
    if has_request_context():
        return request.accept_languages.best_match(["en", "vi"])
    return None  # Flask-Babel then uses BABEL_DEFAULT_LOCALE


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


def reminder_subject_in(app, language):
    with app.app_context(), force_locale(language):
        return gettext("Welcome")


if __name__ == "__main__":
    app = create_app()
    print(reminder_subject(app))
    print(reminder_subject_in(app, "vi"))
