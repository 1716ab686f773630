"""The command builds a request to the public site: the serializer reads it, and the URLs point there."""

import json

from orders_api import TOTALS, app, order_data


@app.cli.command("orders-feed")
def orders_feed():
    """Print every order as the API shows it, for the partners' nightly feed."""
    with app.test_request_context(base_url=app.config["PUBLIC_URL"]):
        print(json.dumps(list(map(order_data, TOTALS))))
