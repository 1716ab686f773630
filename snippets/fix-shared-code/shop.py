"""The shop: pybrake's Flask integration reports the errors of its views to Airbrake."""

import os

from flask import Flask
from pybrake.middleware.flask import init_app

app = Flask(__name__)
app.config["PYBRAKE"] = {
    "project_id": int(os.environ["AIRBRAKE_PROJECT_ID"]),
    "project_key": os.environ["AIRBRAKE_PROJECT_KEY"],
    "host": os.environ.get("AIRBRAKE_HOST", "https://api.airbrake.io"),
}
init_app(app)


def import_prices(path):
    with open(path) as file:
        return [float(line) for line in file]
