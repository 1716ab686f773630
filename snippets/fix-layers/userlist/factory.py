from sqlalchemy import select

from myapp import create_app as create_myapp
from myapp import db
from myapp.models import User


def create_app():
    app = create_myapp()

    @app.get("/users")
    def users():
        return {"users": db.session.scalars(select(User.name)).all()}

    return app
