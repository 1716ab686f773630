"""CSRF protection off in the test configuration: the form then needs no request."""

import unittest

from myapp import create_app
from unittest_form import SignupForm


class SignupFormTests(unittest.TestCase):
    def setUp(self):
        self.app = create_app({"SECRET_KEY": "dev", "WTF_CSRF_ENABLED": False})
        context = self.app.app_context()
        context.push()
        self.addCleanup(context.pop)

    def test_name_is_required(self):
        form = SignupForm(data={"name": ""})
        self.assertFalse(form.validate())
        self.assertIn("name", form.errors)

    def test_valid_name(self):
        self.assertTrue(SignupForm(data={"name": "ada"}).validate())
