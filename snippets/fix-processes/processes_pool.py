"""Each worker process of the pool creates the application once, in its initializer."""

import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from myapp import create_app, db
from myapp.models import User

app = None


def init_worker():
    global app
    app = create_app()  # once per worker process


def add_user(name):
    with app.app_context():
        db.session.add(User(name=name))
        db.session.commit()
        return name


if __name__ == "__main__":
    method = sys.argv[1] if len(sys.argv) > 1 else "spawn"
    with create_app().app_context():
        db.drop_all()  # this demo starts from empty tables on every run
        db.create_all()
    with ProcessPoolExecutor(2, mp_context=get_context(method), initializer=init_worker) as pool:
        print(list(pool.map(add_user, ["ada", "grace"])))
