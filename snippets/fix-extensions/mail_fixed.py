"""Fixed: the view passes the application, and the thread pushes a context to send."""

from threading import Thread

from flask import Blueprint, current_app
from flask_mail import Message

from extensions_app import mail

bp = Blueprint("welcome", __name__)


def send_welcome(app, address):
    with app.app_context():  # Message() and mail.send() both read the app's mail settings
        mail.send(Message("Welcome", recipients=[address], body="Hello!"))


@bp.post("/welcome/<address>")
def welcome(address):
    app = current_app._get_current_object()
    Thread(target=send_welcome, args=(app, address)).start()
    return {"sending": address}, 202
