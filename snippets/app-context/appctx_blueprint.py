"""A blueprint has no application to import: it reads the one in use through current_app."""

from flask import Blueprint, current_app

bp = Blueprint("about", __name__)


@bp.get("/about")
def about():
    # current_app is whichever application is handling this request.
    return {"site": current_app.config["SITE_NAME"]}
