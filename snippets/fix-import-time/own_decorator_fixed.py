"""The decorator takes a function, which its wrapper calls each time the view runs: in the
request, where g.city is set."""

import functools

from flask import Flask, g, request

app = Flask(__name__)
hits = {}


def counted(key):
    """Count the calls of a view under the name that key() gives at each call."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            name = key()  # in the request
            hits[name] = hits.get(name, 0) + 1
            return view(*args, **kwargs)

        return wrapper

    return decorate


@app.before_request
def load_city():
    g.city = request.args.get("city", "paris")


@app.get("/shops")
@counted(key=lambda: f"shops_{g.city}")
def shops():
    return {"city": g.city}
