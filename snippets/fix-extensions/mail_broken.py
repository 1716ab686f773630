"""Broken: the thread builds and sends the mail with no application context."""

from threading import Thread

from flask import Blueprint
from flask_mail import Message

from extensions_app import mail

bp = Blueprint("welcome", __name__)


def send_welcome(address):
    mail.send(Message("Welcome", recipients=[address], body="Hello!"))  # fails in the thread


@bp.post("/welcome/<address>")
def welcome(address):
    Thread(target=send_welcome, args=(address,)).start()
    return {"sending": address}, 202
