"""Pass the real app to the pool and push a context in the task."""

from concurrent.futures import ThreadPoolExecutor

from flask import Blueprint, current_app

bp = Blueprint("gallery", __name__)
executor = ThreadPoolExecutor(max_workers=4)


def thumbnail_url(app, image):
    with app.app_context():  # a pool thread starts with no context
        return f"{current_app.config['MEDIA_URL']}/thumbs/{image}"


@bp.get("/gallery")
def gallery():
    app = current_app._get_current_object()  # the app, not the proxy
    futures = [executor.submit(thumbnail_url, app, image) for image in ("a.png", "b.png")]
    return {"thumbnails": [future.result() for future in futures]}
