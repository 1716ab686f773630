"""Two tests that should pass, and fail only because of the fixture."""

from flask import g
from sqlalchemy import func, select

from myapp import db
from myapp.models import User


def test_request_starts_with_empty_g(app, client):
    @app.get("/whoami")
    def whoami():
        return g.get("user", "nobody")

    g.user = "ada"  # set by the test, outside any request
    assert client.get("/whoami").get_data(as_text=True) == "nobody"


def test_request_sees_only_committed_rows(app, client):
    @app.get("/users/count")
    def users_count():
        return str(db.session.scalar(select(func.count()).select_from(User)))

    db.session.add(User(name="ada"))  # added, never committed
    assert client.get("/users/count").get_data(as_text=True) == "0"
