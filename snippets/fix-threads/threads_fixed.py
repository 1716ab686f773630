"""A view that starts a thread and hands it the real app object."""

import threading

from flask import Blueprint, current_app

from myapp import create_app, db
from threads_jobs import save_user

bp = Blueprint("users", __name__)


@bp.post("/users/<name>")
def add_user(name):
    # The object behind the proxy: it stays valid in any thread.
    app = current_app._get_current_object()
    threading.Thread(target=save_user, args=(app, name)).start()
    return {"queued": name}, 202


if __name__ == "__main__":
    app = create_app()
    app.register_blueprint(bp)
    with app.app_context():
        db.create_all()
    # Send one request without running a server.
    print(app.test_client().post("/users/ada").status)
