"""A job reports its error through the notifier of pybrake's Flask integration: its filter reads the request."""

from shop import app, import_prices


def nightly_import(path):
    with app.app_context():
        try:
            import_prices(path)
        except (OSError, ValueError) as error:
            app.extensions["pybrake"].notify_sync(error)


if __name__ == "__main__":
    nightly_import("prices.csv")
