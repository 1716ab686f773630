import flask
import pytest

from main import sign_guestbook


@pytest.fixture
def app():
    return flask.Flask(__name__)


def test_sign_guestbook(app):
    with app.test_request_context(json={"name": "ada"}):
        assert sign_guestbook(flask.request) == {"guests": 1}
