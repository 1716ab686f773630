"""One wrapper for any function that a library calls from a thread of its own."""

import functools


def with_app_context(app, callback):
    """`callback`, run inside an application context of `app` whichever thread calls it."""

    @functools.wraps(callback)
    def wrapper(*args, **kwargs):
        with app.app_context():
            return callback(*args, **kwargs)

    return wrapper
