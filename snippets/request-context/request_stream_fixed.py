"""The same stream in stream_with_context: the request stays active while it runs."""

from flask import Blueprint, Response, request, stream_with_context

bp = Blueprint("export", __name__)


@bp.get("/squares.csv")
def squares_csv():
    def generate():
        yield "n,square\n"
        yield from (
            f"{n},{n * n}\n" for n in range(request.args.get("rows", 3, type=int))
        )

    return Response(stream_with_context(generate()), mimetype="text/csv")
