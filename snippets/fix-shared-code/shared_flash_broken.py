"""A helper that tells the user with flash(), called by a nightly job too."""

from flask import Flask, flash, get_flashed_messages

app = Flask(__name__)
app.secret_key = "change me"


def save_prices(prices):
    saved = {}
    for name, price in prices.items():
        if price < 0:
            flash(f"{name}: {price} is not a price, not saved", "warning")
        else:
            saved[name] = price
    return saved


@app.post("/prices")
def upload():
    saved = save_prices({"tea": 3, "milk": -1})  # what the form sent
    return {"saved": saved, "messages": get_flashed_messages()}


if __name__ == "__main__":  # the nightly job that scrapes the prices
    print(save_prices({"tea": 3, "milk": -1}))
