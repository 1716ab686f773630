"""The same script with an app context: url_for still does not know the host name."""

from flask import url_for

from related_url_for_app import app

with app.app_context():
    print(url_for("reset_password", token="abc123"))
