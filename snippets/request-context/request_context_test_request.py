"""Code that really reads `request`, run outside a server: give it a test request."""

from flask import Flask, request

app = Flask(__name__)


def current_page():
    return request.args.get("page", 1, type=int)


# A request built from a URL; it pushes an app context as well.
with app.test_request_context("/articles?page=2"):
    print(current_page())
