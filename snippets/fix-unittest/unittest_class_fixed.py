"""The class-level set-up in a context of its own; each test still gets one from setUp."""

import unittest

from myapp import create_app, db
from myapp.models import User


class UserTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})  # a test database in memory
        with cls.app.app_context():
            super().setUpClass()  # a base class's own class-level set-up, in the context too
            db.create_all()
            db.session.add(User(name="ada"))
            db.session.commit()

    @classmethod
    def tearDownClass(cls):
        with cls.app.app_context():  # the class-level clean-up too
            db.session.remove()
            db.drop_all()
        super().tearDownClass()

    def setUp(self):
        context = self.app.app_context()
        context.push()
        self.addCleanup(context.pop)

    def test_ada_is_there(self):
        self.assertEqual([user.name for user in db.session.query(User)], ["ada"])

    def test_each_test_has_its_own_context(self):
        self.assertEqual(db.session.query(User).count(), 1)
