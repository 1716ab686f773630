"""An extension whose init_app sets defaults through current_app: it fails in the factory."""

from flask import current_app


class Greeter:
    def __init__(self, app=None):
        if app is not None:
            self.init_app(app)

    def init_app(self, app):
        app.extensions["greeter"] = self
        current_app.config.setdefault("GREETING", "Hello")

    def greet(self, name):
        return f"{current_app.config['GREETING']}, {name}!"
