"""Watch an application context being pushed and popped."""

from flask import Flask, appcontext_popped, appcontext_pushed, appcontext_tearing_down

app = Flask(__name__)


def on_pushed(sender, **extra):
    print("appcontext_pushed")


def on_tearing_down(sender, **extra):
    print("appcontext_tearing_down")


def on_popped(sender, **extra):
    print("appcontext_popped")


# Passing the app limits each receiver to this application's contexts.
appcontext_pushed.connect(on_pushed, app)
appcontext_tearing_down.connect(on_tearing_down, app)
appcontext_popped.connect(on_popped, app)

with app.app_context():
    print("inside the with block")
