"""A helper cached with @cache.memoize: keyed on its arguments, cached in any context."""

from flask import Flask
from flask_caching import Cache

cache = Cache()


@cache.memoize(timeout=300)
def top_products():
    print("querying top products")
    return ["tea", "coffee"]


def create_app():
    app = Flask(__name__)
    app.config["CACHE_TYPE"] = "SimpleCache"
    cache.init_app(app)

    @app.route("/top")
    def top():
        return {"products": top_products()}

    return app


def warm_cache(app):
    with app.app_context():
        top_products()


if __name__ == "__main__":
    app = create_app()
    warm_cache(app)
    warm_cache(app)
