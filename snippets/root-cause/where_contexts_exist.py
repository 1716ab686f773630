"""Where Flask has pushed an application context for you, and where it has not."""

import threading

from flask import Flask, has_app_context, has_request_context

app = Flask(__name__)

print("at import time:", has_app_context())


@app.get("/")
def index():
    seen = {}
    thread = threading.Thread(target=lambda: seen.update(thread=has_app_context()))
    thread.start()
    thread.join()
    return {
        "app context in the view": has_app_context(),
        "request context in the view": has_request_context(),
        "app context in a new thread": seen["thread"],
    }


@app.cli.command()
def check():
    print("in a flask command:", has_app_context())
