"""setUpClass runs once, before the first setUp: the context that setUp pushes is not there yet."""

import unittest

from myapp import create_app, db
from myapp.models import User


class UserTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})  # a test database in memory
        db.create_all()  # once for the class: the tables, and a user every test reads
        db.session.add(User(name="ada"))
        db.session.commit()

    def setUp(self):
        context = self.app.app_context()
        context.push()
        self.addCleanup(context.pop)

    def test_ada_is_there(self):
        self.assertEqual([user.name for user in db.session.query(User)], ["ada"])
