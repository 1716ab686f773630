"""A FastAPI application that serves a Flask application under /flask, and reads its users."""
# Run it with: uvicorn mounted_broken:api

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
    # FastAPI calls this, not Flask: no Flask context is active here.
    return {"users": db.session.scalars(select(User.name)).all()}


api.mount("/flask", WSGIMiddleware(flask_app))
