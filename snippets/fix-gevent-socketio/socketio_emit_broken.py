"""Broken: a background task that calls flask_socketio.emit() inside an application context."""
# emit() answers the event being handled, and so needs its request.

from gevent import monkey

monkey.patch_all()

from flask import current_app
from flask_socketio import SocketIO, emit
from sqlalchemy import func, select

from myapp import create_app, db
from myapp.models import User

app = create_app()
socketio = SocketIO(app, async_mode="gevent")


def count_users(app):
    with app.app_context():
        emit("users", db.session.scalar(select(func.count()).select_from(User)))  # fails


@socketio.on("count")
def count():
    socketio.start_background_task(count_users, current_app._get_current_object())


if __name__ == "__main__":
    from socketio_client import received

    print(received(app, socketio, "count"))
