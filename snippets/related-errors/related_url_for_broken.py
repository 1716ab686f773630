"""A script that builds a link for an email, with no context at all."""

from flask import url_for

from related_url_for_app import app  # imported, but no context is pushed

print(url_for("reset_password", token="abc123"))
