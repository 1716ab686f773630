"""Broken: the child process has no application context."""

import sys
from multiprocessing import Process, set_start_method

from sqlalchemy import func, select

from myapp import create_app, db
from myapp.models import User


def count_users():
    print(db.session.scalar(select(func.count()).select_from(User)))  # fails in the child


if __name__ == "__main__":
    set_start_method(sys.argv[1] if len(sys.argv) > 1 else "spawn")
    with create_app().app_context():  # as in a view: a context is active here
        db.create_all()
        child = Process(target=count_users)
        child.start()
        child.join()
    print(f"exit code {child.exitcode}")
