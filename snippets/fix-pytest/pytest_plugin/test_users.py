"""Each test gets pytest-flask-sqlalchemy's db_session: a transaction rolled back at its end."""

from myapp.models import User


def test_add_user(db_session):
    db_session.add(User(name="ada"))
    db_session.commit()
    assert db_session.query(User).count() == 1


def test_the_last_test_left_nothing(db_session):
    assert db_session.query(User).count() == 0
