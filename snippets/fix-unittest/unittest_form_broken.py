"""A form test with an application context but no request: CSRF protection needs one."""

import unittest

from myapp import create_app
from unittest_form import SignupForm


class SignupFormTests(unittest.TestCase):
    def setUp(self):
        self.app = create_app({"SECRET_KEY": "dev"})
        context = self.app.app_context()
        context.push()
        self.addCleanup(context.pop)

    def test_name_is_required(self):
        SignupForm(data={"name": ""})
