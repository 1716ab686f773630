"""What the signup listener does with a message: add the user it names."""

from myapp import db
from myapp.models import User


def on_signup(message):
    db.session.add(User(name=message["data"]))
    db.session.commit()
    print(f"added {message['data']}", flush=True)
