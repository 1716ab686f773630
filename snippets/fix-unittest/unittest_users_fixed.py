"""Push a context in setUp and pop it with addCleanup: every test method runs inside it."""

import unittest

from myapp import create_app, db
from myapp.models import User


class UserTests(unittest.TestCase):
    def setUp(self):
        self.app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})  # a test database in memory
        context = self.app.app_context()
        context.push()
        # Cleanups run last in, first out, and even when setUp fails after this line.
        self.addCleanup(context.pop)
        db.create_all()
        self.addCleanup(db.drop_all)
        self.addCleanup(db.session.remove)

    def test_add_user(self):
        db.session.add(User(name="ada"))
        db.session.commit()
        self.assertEqual(db.session.query(User).count(), 1)

    def test_starts_empty(self):
        self.assertEqual(db.session.query(User).count(), 0)
