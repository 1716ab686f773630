"""The tables the migrations create are the ones the models expect."""

from myapp import db
from myapp.models import User


def test_add_user(app):
    with app.app_context():
        db.session.add(User(name="ada"))
        db.session.commit()
        assert db.session.query(User).count() == 1
