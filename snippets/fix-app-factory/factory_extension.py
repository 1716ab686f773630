"""An extension written for factories: init_app sets up the app it is given, and nothing else."""

from flask import current_app


class Greeter:
    def __init__(self, app=None):
        if app is not None:
            self.init_app(app)

    def init_app(self, app):
        # The app passed in, not current_app: no context is active while a factory runs.
        app.config.setdefault("GREETING", "Hello")
        app.extensions["greeter"] = self

    def greet(self, name):
        # At run time, current_app: one Greeter serves every app the factory creates.
        return f"{current_app.config['GREETING']}, {name}!"
