"""A blueprint's module documents its view in the API spec at import, before any app has it."""

from apispec import APISpec
from apispec_webframeworks.flask import FlaskPlugin
from flask import Blueprint

spec = APISpec(title="Shop", version="1.0.0", openapi_version="3.0.3", plugins=[FlaskPlugin()])
bp = Blueprint("orders", __name__)


@bp.get("/orders")
def list_orders():
    """List the orders.
    ---
    get:
      responses:
        200:
          description: The orders.
    """
    return {"orders": []}


# FlaskPlugin looks the view's URL up in the rules of current_app: there is no app yet.
spec.path(view=list_orders)
