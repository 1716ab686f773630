"""Build URLs inside a test request: its base URL gives the scheme, host and prefix."""

from flask import url_for

from related_url_for_app import app

with app.test_request_context(base_url="https://example.com"):
    print(url_for("reset_password", token="abc123", _external=True))
