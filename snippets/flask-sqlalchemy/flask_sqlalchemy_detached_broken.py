"""An object used after its context ended: the commit expired it, and its session is gone."""

from myapp import create_app, db
from myapp.models import User

app = create_app()

with app.app_context():
    db.create_all()
    user = User(name="ada")
    db.session.add(user)
    db.session.commit()  # expires the attributes of user

print(user.name)
