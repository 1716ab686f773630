"""One wrapper for any function that a library calls from a thread or an event loop of its own."""

import functools
import inspect


def with_app_context(app, callback):
    """`callback`, run inside an application context of `app` whichever thread calls it."""
    if inspect.iscoroutinefunction(callback):
        # An async def callback gets an async def wrapper: a library awaits only those.

        @functools.wraps(callback)
        async def async_wrapper(*args, **kwargs):
            with app.app_context():
                return await callback(*args, **kwargs)

        return async_wrapper

    @functools.wraps(callback)
    def wrapper(*args, **kwargs):
        with app.app_context():
            return callback(*args, **kwargs)

    return wrapper
