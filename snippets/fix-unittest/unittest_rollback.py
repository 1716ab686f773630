"""Each test runs in one transaction, rolled back at the end (Flask-SQLAlchemy 3)."""

import unittest

from myapp import create_app, db
from myapp.models import User


class UserTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})  # a test database in memory
        with cls.app.app_context():
            db.create_all()

    def setUp(self):
        context = self.app.app_context()
        context.push()
        self.addCleanup(context.pop)
        # Give the session one connection with an open transaction instead of the engine.
        engines = db.engines
        engine = engines[None]
        connection = engine.connect()
        transaction = connection.begin()
        engines[None] = connection
        self.addCleanup(engines.__setitem__, None, engine)
        self.addCleanup(connection.close)
        self.addCleanup(transaction.rollback)
        self.addCleanup(db.session.remove)

    def test_add_user(self):
        db.session.add(User(name="ada"))
        db.session.commit()
        self.assertEqual(db.session.query(User).count(), 1)

    def test_starts_empty(self):
        self.assertEqual(db.session.query(User).count(), 0)
