"""A view's thread that reads the request: an app context alone does not give it one."""

import threading

from flask import Blueprint, current_app, request

bp = Blueprint("visits", __name__)


def record_visit(app):
    with app.app_context():  # enough for current_app, not for request
        current_app.logger.info("visit from %s", request.user_agent)


@bp.get("/hello")
def hello():
    app = current_app._get_current_object()
    threading.Thread(target=record_visit, args=(app,)).start()
    return "hello"
