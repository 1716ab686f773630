from unittest import mock

from pricing import discounted


def test_discount():
    with mock.patch("pricing.current_app") as app:  # fails before the test's own code runs
        app.config = {"DISCOUNT": 0.25}
        assert discounted(100) == 75
