"""A view's thread that reads the request runs in a copy of the request context."""

import threading

from flask import Blueprint, copy_current_request_context, current_app, request

bp = Blueprint("visits", __name__)


@bp.get("/hello")
def hello():
    @copy_current_request_context  # defined in the view, while the request is active
    def record_visit():
        current_app.logger.info("visit from %s", request.user_agent)

    threading.Thread(target=record_visit).start()
    return "hello"
