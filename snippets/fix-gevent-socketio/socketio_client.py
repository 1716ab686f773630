"""Send one event with Flask-SocketIO's test client, and return what came back."""

import time

from myapp import db


def received(app, socketio, event, seconds=2):
    with app.app_context():
        db.create_all()
    client = socketio.test_client(app)
    client.emit(event)
    deadline = time.monotonic() + seconds
    while not (messages := client.get_received()) and time.monotonic() < deadline:
        socketio.sleep(0.05)  # lets the background task run
    return messages
