"""A job that renders an email body from a template, with no context."""

from flask import Flask, render_template

app = Flask(__name__)  # templates/ is next to this file


def welcome_email(name):
    return render_template("related_welcome.txt", name=name)


print(welcome_email("Ada"))
