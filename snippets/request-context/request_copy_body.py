"""Read the body in the view, before the thread starts: the thread finds it on the request."""

import threading

from flask import Blueprint, copy_current_request_context, current_app, request

bp = Blueprint("uploads", __name__)


@bp.post("/uploads")
def upload():
    request.get_data()  # read the body now; the request keeps it for the thread

    @copy_current_request_context
    def store():
        data = request.get_data()
        current_app.logger.info("stored %d bytes from %s", len(data), request.remote_addr)

    threading.Thread(target=store).start()
    return "", 202
