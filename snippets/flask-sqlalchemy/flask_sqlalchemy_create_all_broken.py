"""Flask-SQLAlchemy 2.x code: create_all() took the app. 3.x removed that argument."""

import myapp.models  # registers the tables with db
from myapp import create_app, db

app = create_app()

db.create_all(app=app)
