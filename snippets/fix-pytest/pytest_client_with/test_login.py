"""A test that reads the session after a request, inside a with client: block."""

from flask import has_app_context, request, session


def test_login_keeps_the_user_in_the_session(app, client):
    app.secret_key = "test only"

    @app.post("/login/<name>")
    def login(name):
        session["user"] = name
        return "", 204

    with client:
        client.post("/login/ada")
        # The request is over, but its context stays active until the block ends.
        assert request.path == "/login/ada"
        assert session["user"] == "ada"
    assert not has_app_context()
