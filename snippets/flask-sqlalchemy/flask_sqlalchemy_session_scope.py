"""The session belongs to the application context: it is removed when the context ends."""

from sqlalchemy import func, select

from myapp import create_app, db
from myapp.models import User

app = create_app()

with app.app_context():
    db.create_all()
    db.session.add(User(name="ada"))  # never committed

with app.app_context():  # a new context, so a new session
    print(db.session.scalar(select(func.count()).select_from(User)), "user(s)")
