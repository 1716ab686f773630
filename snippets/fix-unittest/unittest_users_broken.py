"""A unittest test case that calls the database directly: no context is active in a test method."""

import unittest

from myapp import create_app, db
from myapp.models import User


class UserTests(unittest.TestCase):
    def setUp(self):
        self.app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})  # a test database in memory

    def test_starts_empty(self):
        self.assertEqual(db.session.query(User).count(), 0)
