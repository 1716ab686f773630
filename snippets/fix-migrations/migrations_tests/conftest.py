"""Build each test's database with the migrations, as production does, not db.create_all()."""

import pytest
from flask_migrate import upgrade

from migrations_app import create_app


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'test.db'}")
    app = create_app()
    with app.app_context():  # upgrade() reads current_app, like every flask db command
        upgrade()
    yield app
