"""A log formatter that reads the request: messages logged outside one cannot be formatted."""

import logging

from flask import Flask, request

log = logging.getLogger(__name__)


class RequestFormatter(logging.Formatter):
    def format(self, record):
        record.url = request.url
        return super().format(record)


handler = logging.StreamHandler()
handler.setFormatter(RequestFormatter("%(url)s %(levelname)s %(message)s"))
log.addHandler(handler)
log.setLevel(logging.INFO)

app = Flask(__name__)


@app.route("/orders")
def orders():
    log.info("orders listed")
    return "orders"


def send_reports():
    log.info("sending reports")
    print("reports sent")


if __name__ == "__main__":
    send_reports()
