"""A deploy script that upgrades the database inside an application context."""

from flask_migrate import upgrade

from migrations_app import create_app

app = create_app()
with app.app_context():
    upgrade()
