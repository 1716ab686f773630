"""Tell Flask where the app is served, then build URLs in an app context."""

from flask import url_for

from related_url_for_app import app

# Usually in your config; url_for uses them when there is no request.
app.config.update(
    SERVER_NAME="example.com",  # the host (and port) users reach the app at
    PREFERRED_URL_SCHEME="https",  # default: http
)

with app.app_context():
    print(url_for("reset_password", token="abc123"))  # a full URL by default here
