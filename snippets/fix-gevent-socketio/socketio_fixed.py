"""Fixed: the handler passes the application, and the background task pushes a context."""

from gevent import monkey

monkey.patch_all()

from flask import current_app
from flask_socketio import SocketIO
from sqlalchemy import func, select

from myapp import create_app, db
from myapp.models import User

app = create_app()
socketio = SocketIO(app, async_mode="gevent")


def count_users(app):
    with app.app_context():
        socketio.emit("users", db.session.scalar(select(func.count()).select_from(User)))


@socketio.on("count")
def count():
    socketio.start_background_task(count_users, current_app._get_current_object())


if __name__ == "__main__":
    from socketio_client import received

    print(received(app, socketio, "count"))
