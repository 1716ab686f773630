"""Broken: a Flask-SocketIO background task has no application context."""

from gevent import monkey

monkey.patch_all()

from flask_socketio import SocketIO
from sqlalchemy import func, select

from myapp import create_app, db
from myapp.models import User

app = create_app()
socketio = SocketIO(app, async_mode="gevent")


def count_users():
    socketio.emit("users", db.session.scalar(select(func.count()).select_from(User)))  # fails


@socketio.on("count")
def count():
    socketio.start_background_task(count_users)


if __name__ == "__main__":
    from socketio_client import received

    print(received(app, socketio, "count"))
