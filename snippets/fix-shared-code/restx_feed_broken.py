"""A command reuses the API's serializer: @marshal_with reads the request's X-Fields header."""

import json

from orders_api import TOTALS, app, order_data


@app.cli.command("orders-feed")
def orders_feed():
    """Print every order as the API shows it, for the partners' nightly feed."""
    print(json.dumps(list(map(order_data, TOTALS))))
