"""The app the scripts below link to, with the route of a password-reset email."""

from flask import Flask

app = Flask(__name__)


@app.get("/reset/<token>")
def reset_password(token):
    return f"reset {token}"
