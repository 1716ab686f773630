"""A thread that reads the uploaded body itself: by then the response may be sent."""

import threading

from flask import Blueprint, copy_current_request_context, current_app, request

bp = Blueprint("uploads", __name__)


@bp.post("/uploads")
def upload():
    @copy_current_request_context
    def store():
        data = request.get_data()  # the client's body may be gone by now
        current_app.logger.info("stored %d bytes from %s", len(data), request.remote_addr)

    threading.Thread(target=store).start()
    return "", 202
