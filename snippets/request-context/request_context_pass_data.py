"""Read the request in the view and pass plain values on: the helper runs anywhere."""

from flask import Blueprint, request

bp = Blueprint("articles", __name__)


def search(query, page):
    # No `request` in here: a script, a task or a test can call it too.
    return {"query": query, "page": page}


@bp.get("/search")
def search_view():
    return search(request.args.get("q", ""), request.args.get("page", 1, type=int))


if __name__ == "__main__":
    print(search("flask", 2))
