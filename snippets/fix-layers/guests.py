"""The nightly clean-up of the Lambda function: the guest accounts go."""

from sqlalchemy import select

from myapp import db
from myapp.models import User


def delete_guests():
    guests = db.session.scalars(select(User).where(User.name.startswith("guest-"))).all()
    for guest in guests:
        db.session.delete(guest)
    db.session.commit()
    return len(guests)
