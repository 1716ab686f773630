"""The user sees the message on a request; a job, which no user watches, logs it."""

import logging

from flask import Flask, flash, get_flashed_messages, has_request_context

app = Flask(__name__)
app.secret_key = "change me"
log = logging.getLogger(__name__)


def tell(message):
    if has_request_context():
        flash(message, "warning")
    else:
        log.warning(message)


def save_prices(prices):
    saved = {}
    for name, price in prices.items():
        if price < 0:
            tell(f"{name}: {price} is not a price, not saved")
        else:
            saved[name] = price
    return saved


@app.post("/prices")
def upload():
    saved = save_prices({"tea": 3, "milk": -1})  # what the form sent
    return {"saved": saved, "messages": get_flashed_messages()}


if __name__ == "__main__":  # the nightly job that scrapes the prices
    logging.basicConfig(format="%(levelname)s %(name)s: %(message)s")
    print(save_prices({"tea": 3, "milk": -1}))
