"""A small app with Flask-Mail and Flask-Login, as the examples on this page use them."""

import os

from flask import Flask
from flask_login import LoginManager, UserMixin
from flask_mail import Mail

mail = Mail()
login_manager = LoginManager()


class Member(UserMixin):
    def __init__(self, id, email):
        self.id = id
        self.email = email


MEMBERS = {"1": Member("1", "ada@example.com")}


@login_manager.user_loader
def load_member(member_id):
    return MEMBERS.get(member_id)


def create_app(*blueprints):
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=os.environ.get("SECRET_KEY", "dev"),
        MAIL_SERVER=os.environ.get("MAIL_SERVER", "localhost"),
        MAIL_PORT=int(os.environ.get("MAIL_PORT", "25")),
        MAIL_DEFAULT_SENDER="noreply@example.com",
    )
    mail.init_app(app)
    login_manager.init_app(app)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    return app
