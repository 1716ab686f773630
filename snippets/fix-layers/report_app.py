"""A WSGI application that is not Flask, served beside it: a function called with the request's
environ, as the application a SOAP, RPC or metrics library makes is. Its body is a generator:
the server runs it after this call has returned, while it sends the response."""

from sqlalchemy import select

from myapp import db
from myapp.models import User


def report(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
    for name in db.session.scalars(select(User.name)):
        yield f"{name}\n".encode()
