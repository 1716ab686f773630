"""A deploy script that calls Flask-Migrate's upgrade() outside any context."""

from flask_migrate import upgrade

from migrations_app import create_app

app = create_app()
upgrade()
