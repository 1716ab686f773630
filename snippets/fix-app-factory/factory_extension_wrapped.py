"""A factory that sets up another project's extension whose init_app() reads current_app."""
# Until a release of it stops doing so, that one call runs in a context of the app being built.

from flask import Flask

from factory_extension_broken import Greeter  # the extension you cannot change

greeter = Greeter()


def create_app():
    app = Flask(__name__)
    with app.app_context():  # this application, not whichever one is current
        greeter.init_app(app)
    return app
