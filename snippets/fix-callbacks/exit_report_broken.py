"""Broken: hooks that Python calls after the program's context is gone."""

import atexit
import sys

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
    atexit.register(report)
    sys.excepthook = report_crash
    with app.app_context():
        db.create_all()
        if sys.argv[1:] == ["crash"]:
            raise ValueError("bad input")
