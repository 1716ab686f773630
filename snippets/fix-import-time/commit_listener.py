"""After each commit, in any request, command or job: a listener on the Session class."""

from sqlalchemy import event
from sqlalchemy.orm import Session


@event.listens_for(Session, "after_commit")
def after_commit(session):
    print("committed", flush=True)
