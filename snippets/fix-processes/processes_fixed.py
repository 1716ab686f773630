"""Fixed: the child process creates the application and pushes its own context."""

import sys
from multiprocessing import Process, set_start_method

from myapp import create_app, db
from myapp.models import User


def add_user(name):
    app = create_app()  # under spawn the child is a new interpreter: it needs its own app
    with app.app_context():
        db.session.add(User(name=name))
        db.session.commit()


if __name__ == "__main__":
    set_start_method(sys.argv[1] if len(sys.argv) > 1 else "spawn")
    with create_app().app_context():
        db.drop_all()  # this demo starts from empty tables on every run
        db.create_all()
    child = Process(target=add_user, args=("ada",))
    child.start()
    child.join()
    print(f"exit code {child.exitcode}")
