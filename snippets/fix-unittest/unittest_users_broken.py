"""A unittest test case that calls the database directly: no context is active in a test method."""

import unittest

from myapp import create_app, db
from myapp.models import User


class UserTests(unittest.TestCase):
    def setUp(self):
        self.app = create_app()

    def test_add_user(self):
        db.create_all()
        db.session.add(User(name="ada"))
        db.session.commit()
        self.assertEqual(db.session.query(User).count(), 1)
