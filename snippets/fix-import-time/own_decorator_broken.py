"""A decorator of your own whose argument depends on the request: evaluated at import."""

import functools

from flask import Flask, request

app = Flask(__name__)
hits = {}


def counted(key):
    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            hits[key] = hits.get(key, 0) + 1
            return view(*args, **kwargs)

        return wrapper

    return decorate


@app.get("/shops")
@counted(key=request.args.get("city", "paris"))
def shops():
    return {"city": request.args.get("city", "paris")}
