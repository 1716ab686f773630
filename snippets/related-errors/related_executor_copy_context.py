"""Run each task in a copy of the view's context: current_app and request both work."""

import contextvars
from concurrent.futures import ThreadPoolExecutor

from flask import Blueprint, current_app

bp = Blueprint("gallery", __name__)
executor = ThreadPoolExecutor(max_workers=4)


def thumbnail_url(image):
    return f"{current_app.config['MEDIA_URL']}/thumbs/{image}"


@bp.get("/gallery")
def gallery():
    futures = [
        # One copy per task: a context cannot run in two threads at once.
        executor.submit(contextvars.copy_context().run, thumbnail_url, image)
        for image in ("a.png", "b.png")
    ]
    # Wait here, while the request and its context are still active.
    return {"thumbnails": [future.result() for future in futures]}
