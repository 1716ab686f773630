"""The timeout comes from the configuration the factory gives the cache, not from current_app."""

from flask import Blueprint, Flask
from flask_caching import Cache

cache = Cache()
bp = Blueprint("reports", __name__)


@bp.route("/report")
@cache.cached()
def report():
    return "report"


def create_app():
    app = Flask(__name__)
    app.config["CACHE_TYPE"] = "SimpleCache"
    # Read once by init_app, on the real app: every @cache.cached() without a timeout uses it.
    app.config["CACHE_DEFAULT_TIMEOUT"] = 600
    cache.init_app(app)
    app.register_blueprint(bp)
    return app
