"""Fixed: the view reads the user and passes plain values to the thread."""

from threading import Thread

from flask import Blueprint, current_app
from flask_login import current_user, login_required
from flask_mail import Message

from extensions_app import mail

bp = Blueprint("report", __name__)


def send_report(app, address):
    with app.app_context():
        mail.send(Message("Your report", recipients=[address], body="All good."))


@bp.post("/report")
@login_required
def report():
    app = current_app._get_current_object()
    Thread(target=send_report, args=(app, current_user.email)).start()  # read in the view
    return {"sending": "report"}, 202
