"""A helper written for views, called from a script: an app context is not enough."""

from flask import Flask, request

app = Flask(__name__)


def current_page():
    return request.args.get("page", 1, type=int)


with app.app_context():  # current_app works here, request does not
    print(current_page())
