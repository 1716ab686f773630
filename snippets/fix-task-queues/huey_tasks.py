"""Huey tasks that run inside the application context, whichever task it is."""

from huey import SqliteHuey

from myapp import create_app, db
from myapp.models import User

app = create_app()


class FlaskHuey(SqliteHuey):
    def execute(self, task, timestamp=None):
        with app.app_context():  # the consumer runs every task through execute()
            return super().execute(task, timestamp)


huey = FlaskHuey(filename="huey.db")


@huey.task()
def add_user(name):
    db.session.add(User(name=name))
    db.session.commit()
    return name
