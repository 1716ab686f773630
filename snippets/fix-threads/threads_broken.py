"""A view that starts a thread but hands it the current_app proxy."""

import threading

from flask import Blueprint, current_app

from myapp import create_app
from threads_jobs import save_user

bp = Blueprint("users", __name__)


@bp.post("/users/<name>")
def add_user(name):
    # current_app is a proxy: the new thread will find no context behind it.
    threading.Thread(target=save_user, args=(current_app, name)).start()
    return {"queued": name}, 202


if __name__ == "__main__":
    app = create_app()
    app.register_blueprint(bp)
    # Send one request without running a server.
    print(app.test_client().post("/users/ada").status)
