from unittest import mock

from flask import Flask

from pricing import discounted


def test_discount_with_a_mock():
    app = mock.MagicMock(config={"DISCOUNT": 0.25})
    with mock.patch("pricing.current_app", new=app):  # new=: mock never reads the proxy
        assert discounted(100) == 75


def test_discount_with_a_real_app():
    app = Flask(__name__)
    app.config["DISCOUNT"] = 0.25
    with app.app_context():
        assert discounted(100) == 75
