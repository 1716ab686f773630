"""Pushing and popping a context by hand, for when a with block does not fit."""

from flask import current_app

from myapp import create_app

app = create_app()

ctx = app.app_context()
ctx.push()
try:
    print("current app:", current_app.name)
finally:
    ctx.pop()  # always pop what you pushed, even after an error
