"""Two application contexts in one thread, one inside the other: do they share db.session?"""

from sqlalchemy import func, select

from myapp import create_app, db
from myapp.models import User

app = create_app()

with app.app_context():
    db.create_all()
    outer = db.session()  # the session object behind the proxy
    db.session.add(User(name="ada"))  # not committed yet
    with app.app_context():  # for example, a helper that pushes its own context
        print("same session:", db.session() is outer)
    db.session.commit()
    print(db.session.scalar(select(func.count()).select_from(User)), "user(s)")
