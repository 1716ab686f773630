"""A decorator of your own whose argument depends on the request: evaluated at import."""

import functools

from flask import Flask, g, request

app = Flask(__name__)
hits = {}


def counted(key):
    """Count the calls of a view under `key`."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            hits[key] = hits.get(key, 0) + 1
            return view(*args, **kwargs)

        return wrapper

    return decorate


@app.before_request
def load_city():
    g.city = request.args.get("city", "paris")


@app.get("/shops")
@counted(key=f"shops_{g.city}")
def shops():
    return {"city": g.city}
