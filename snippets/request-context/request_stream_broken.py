"""A streamed response: the generator runs after the view has returned."""

from flask import Blueprint, Response, request

bp = Blueprint("export", __name__)


@bp.get("/squares.csv")
def squares_csv():
    def generate():
        yield "n,square\n"
        yield from (
            f"{n},{n * n}\n" for n in range(request.args.get("rows", 3, type=int))
        )

    return Response(generate(), mimetype="text/csv")
