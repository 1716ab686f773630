"""A module that reads the configuration when it is imported: no context exists yet."""

from flask import current_app

PAGE_SIZE = current_app.config["PAGE_SIZE"]
