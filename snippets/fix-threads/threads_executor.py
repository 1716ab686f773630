"""The same view with a thread pool: submit() needs the real app too."""

from concurrent.futures import ThreadPoolExecutor

from flask import Blueprint, current_app

from threads_jobs import save_user

bp = Blueprint("users", __name__)
executor = ThreadPoolExecutor(max_workers=4)


@bp.post("/users/<name>")
def add_user(name):
    # As with Thread: pass the real app, not the proxy.
    app = current_app._get_current_object()
    executor.submit(save_user, app, name)
    return {"queued": name}, 202
