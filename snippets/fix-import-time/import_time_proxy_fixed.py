"""The blueprint sets up the real app when the app registers it, with no proxy at import."""

from flask import Blueprint, current_app

bp = Blueprint("shop", __name__)


@bp.app_template_filter("money")
def money(cents):
    return f"{cents / 100:.2f} {current_app.config['SHOP_CURRENCY']}"


@bp.record_once
def set_defaults(state):
    # state.app is the real application that registers the blueprint, during register_blueprint.
    state.app.config.setdefault("SHOP_CURRENCY", "EUR")
