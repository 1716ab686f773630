"""The same job inside an app context: render_template finds the app's templates."""

from flask import Flask, render_template

app = Flask(__name__)  # templates/ is next to this file


def welcome_email(name):
    return render_template("related_welcome.txt", name=name)


with app.app_context():
    print(welcome_email("Ada"))
