"""Fixed: each hook is wrapped, so that it pushes a context of the app whenever Python calls it."""

import atexit
import sys

from app_callbacks import with_app_context
from myapp import create_app, db
from myapp.models import User


def report():
    """Called by Python as the program ends."""
    print(f"{db.session.query(User).count()} users at exit")


def report_crash(kind, error, traceback):
    """Called by Python for an error that nothing caught."""
    print(f"crashed: {error}; {db.session.query(User).count()} users")


if __name__ == "__main__":
    app = create_app()
    atexit.register(with_app_context(app, report))
    sys.excepthook = with_app_context(app, report_crash)
    with app.app_context():
        db.create_all()
        if sys.argv[1:] == ["crash"]:
            raise ValueError("bad input")
