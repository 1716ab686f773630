"""A WSGI application that is not Flask, served beside it, as a SOAP, RPC or metrics library makes."""
# A function called with the request's environ; its body is a generator.
# The server runs that generator after this call has returned, while it sends the response.

from sqlalchemy import select

from myapp import db
from myapp.models import User


def report(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
    for name in db.session.scalars(select(User.name)):
        yield f"{name}\n".encode()
