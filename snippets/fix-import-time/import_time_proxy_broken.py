"""Setting up the app through current_app while the module is imported: there is no app yet."""

from flask import Blueprint, current_app

bp = Blueprint("shop", __name__)


def money(cents):
    return f"{cents / 100:.2f} {current_app.config['SHOP_CURRENCY']}"


current_app.jinja_env.filters["money"] = money
current_app.config.setdefault("SHOP_CURRENCY", "EUR")
