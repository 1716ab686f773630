"""Read the configuration when the code runs, inside the caller's context."""

from flask import current_app


def page_size():
    return current_app.config.get("PAGE_SIZE", 20)
