"""Broken: a greenlet spawned from a view has no application context."""

from gevent import monkey

monkey.patch_all()  # first, as gunicorn -k gevent does

import gevent
from sqlalchemy import func, select

from myapp import create_app, db
from myapp.models import User

app = create_app()


def count_users():
    print("users:", db.session.scalar(select(func.count()).select_from(User)))  # fails


@app.post("/count")
def count():
    gevent.spawn(count_users)
    return {"counting": True}, 202


if __name__ == "__main__":
    with app.app_context():
        db.create_all()
    print(app.test_client().post("/count").status)
    gevent.wait()  # until every greenlet has finished
