"""A decorator argument read from the configuration: it is evaluated when the module is imported."""

from flask import Blueprint, current_app
from flask_caching import Cache

cache = Cache()
bp = Blueprint("reports", __name__)


@bp.route("/report")
@cache.cached(timeout=current_app.config["REPORT_CACHE_SECONDS"])
def report():
    return "report"
