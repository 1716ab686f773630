"""Queries in the style of Flask-SQLAlchemy 3.x, instead of the legacy User.query."""

from sqlalchemy import select

from myapp import create_app, db
from myapp.models import User

app = create_app()

with app.app_context():
    db.create_all()
    db.session.add_all([User(name="grace"), User(name="ada")])
    db.session.commit()

    # was: User.query.get(1)
    user = db.session.get(User, 1)
    print(user.name)

    # was: User.query.order_by(User.name).all()
    users = db.session.scalars(select(User).order_by(User.name)).all()
    print([user.name for user in users])
