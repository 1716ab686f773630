"""The blueprint documents its view when an application registers it, in that app's context."""

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


@bp.record_once
def document_views(state):
    # Defined below the views: register_blueprint() calls it after their rules are on state.app.
    with state.app.app_context():
        spec.path(view=list_orders)
