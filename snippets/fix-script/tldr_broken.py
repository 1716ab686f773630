"""The same script without a context: its first database access raises the RuntimeError."""

from myapp import create_app, db
from myapp.models import User

app = create_app()

print(db.session.get(User, 1))
