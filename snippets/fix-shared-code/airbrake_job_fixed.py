"""Jobs report through a notifier of their own: no Flask filter, so no request to read."""

import pybrake

from shop import app, import_prices

jobs_notifier = pybrake.Notifier(**app.config["PYBRAKE"])  # code that runs outside requests


def nightly_import(path):
    with app.app_context():
        try:
            import_prices(path)
        except (OSError, ValueError) as error:
            notice = jobs_notifier.notify_sync(error)
            print(f"import failed, reported as {notice.get('id')}")


if __name__ == "__main__":
    nightly_import("prices.csv")
