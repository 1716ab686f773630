"""A script that uses the database: it pushes an application context first."""

from sqlalchemy import func, select

from myapp import create_app, db
from myapp.models import User

app = create_app()

with app.app_context():
    db.create_all()
    if db.session.scalar(select(User).filter_by(name="ada")) is None:  # safe to run again
        db.session.add(User(name="ada"))
        db.session.commit()
    print(db.session.scalar(select(func.count()).select_from(User)), "user(s)")
