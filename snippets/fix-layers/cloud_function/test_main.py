from pathlib import Path

import functions_framework
import pytest


@pytest.fixture
def client(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'guests.db'}")
    app = functions_framework.create_app(
        target="sign_guestbook", source=Path(__file__).with_name("main.py")
    )
    return app.test_client()


def test_sign_guestbook(client):
    assert client.post("/", json={"name": "ada"}).get_json() == {"guests": 1}
    assert client.post("/", json={"name": "grace"}).get_json() == {"guests": 2}
