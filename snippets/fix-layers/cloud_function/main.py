"""A Google Cloud Function: functions-framework makes the Flask application."""
# It then runs this file inside that application's context.

import os

import functions_framework
from flask import current_app
from flask_sqlalchemy import SQLAlchemy

app = current_app._get_current_object()  # the application functions-framework made
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
db = SQLAlchemy(app)


class Guest(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)


db.create_all()


@functions_framework.http
def sign_guestbook(request):
    db.session.add(Guest(name=request.get_json()["name"]))
    db.session.commit()
    return {"guests": Guest.query.count()}
