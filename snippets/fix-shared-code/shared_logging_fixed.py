"""The formatter checks for a request first, so the same logger works in views and in jobs."""

import logging

from flask import Flask, has_request_context, request

log = logging.getLogger(__name__)


class RequestFormatter(logging.Formatter):
    def format(self, record):
        record.url = request.url if has_request_context() else "-"
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
