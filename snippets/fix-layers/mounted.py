"""A FastAPI application that serves a Flask application under /flask, and reads its users."""
# It reads them in a context of the Flask application. Run it with: uvicorn mounted:api

from a2wsgi import WSGIMiddleware
from fastapi import FastAPI
from sqlalchemy import select

from myapp import create_app, db
from myapp.models import User

flask_app = create_app()
with flask_app.app_context():
    db.create_all()


@flask_app.get("/users")
def flask_users():
    return {"users": db.session.scalars(select(User.name)).all()}


api = FastAPI()


@api.get("/api/users")
def api_users():
    with flask_app.app_context():  # the Flask application itself, not the FastAPI one
        return {"users": db.session.scalars(select(User.name)).all()}


api.mount("/flask", WSGIMiddleware(flask_app))
