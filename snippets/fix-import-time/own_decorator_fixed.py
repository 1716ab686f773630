"""The decorator takes a function, which its wrapper calls in each request."""

import functools

from flask import Flask, request

app = Flask(__name__)
hits = {}


def counted(key):
    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            name = key()
            hits[name] = hits.get(name, 0) + 1
            return view(*args, **kwargs)

        return wrapper

    return decorate


@app.get("/shops")
@counted(key=lambda: request.args.get("city", "paris"))
def shops():
    return {"city": request.args.get("city", "paris")}
