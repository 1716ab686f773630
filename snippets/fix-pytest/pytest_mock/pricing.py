"""The code under test: a price after the shop's discount, a setting of the application."""

from flask import current_app


def discounted(price):
    return round(price * (1 - current_app.config["DISCOUNT"]), 2)
