"""Broken: the thread reads current_user, which stands for None outside a request."""

from threading import Thread

from flask import Blueprint, current_app
from flask_login import current_user, login_required
from flask_mail import Message

from extensions_app import mail

bp = Blueprint("report", __name__)


def send_report(app):
    with app.app_context():
        # fails: current_user stands for None here, because there is no request
        mail.send(Message("Your report", recipients=[current_user.email], body="All good."))


@bp.post("/report")
@login_required
def report():
    Thread(target=send_report, args=(current_app._get_current_object(),)).start()
    return {"sending": "report"}, 202
