"""A view that fans work out to a thread pool: the pool's threads have no context."""

from concurrent.futures import ThreadPoolExecutor

from flask import Blueprint, current_app

bp = Blueprint("gallery", __name__)
executor = ThreadPoolExecutor(max_workers=4)


def thumbnail_url(image):
    # Stands for slow work (resizing, an HTTP call) that reads the config.
    return f"{current_app.config['MEDIA_URL']}/thumbs/{image}"


@bp.get("/gallery")
def gallery():
    futures = [executor.submit(thumbnail_url, image) for image in ("a.png", "b.png")]
    return {"thumbnails": [future.result() for future in futures]}
