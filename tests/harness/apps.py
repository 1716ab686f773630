"""What the page tests do in their own process: an app for a snippet's blueprint, the errors
that escape threads, the users a test gives a snippet and those a snippet wrote to its SQLite
file."""

import contextlib
import importlib
import io
import sqlite3
import threading
from contextlib import closing

DEADLINE = 10  # seconds; a thread that takes longer has hung


def app_with(name, **config):
    """A fresh app with the blueprint of snippet `name` registered (the views need no database)."""
    from flask import Flask

    module = importlib.import_module(name)
    app = Flask("shop")
    app.config.update(TESTING=True, **config)
    app.register_blueprint(module.bp)
    return app


# The idle workers of a thread pool (asgiref's, which runs Flask 2.0's async views, asyncio's
# default executor) wait for work until their pool shuts down: no test waits for them.
POOL_WORKERS = ("ThreadPoolExecutor-", "asyncio_")


@contextlib.contextmanager
def threads_joined():
    """Join, as the block ends, every thread started inside it but a pool's idle workers; each
    must end within DEADLINE."""
    before = set(threading.enumerate())
    yield
    for thread in set(threading.enumerate()) - before:
        if thread.name.startswith(POOL_WORKERS):
            continue
        thread.join(DEADLINE)
        assert not thread.is_alive(), f"{thread.name} still runs after {DEADLINE} s"


def get_and_join_threads(client, *args, **kwargs):
    """Make a request, then wait for the threads it started."""
    with threads_joined():
        return client.get(*args, **kwargs)


def add_users(app, *names):
    """Add users of these names to myapp's database of `app`, its tables created first (the
    model's too: it may be imported only now, after the app fixture made the others)."""
    from myapp import db
    from myapp.models import User

    with app.app_context():
        db.create_all()
        db.session.add_all([User(name=name) for name in names])
        db.session.commit()


def user_names(database, table="user"):
    """The names in the `user` table (or `table`) of a SQLite file, sorted."""
    with closing(sqlite3.connect(database)) as connection:
        return [name for (name,) in connection.execute(f"select name from {table} order by name")]


class ThreadErrors(list):
    """What threading.excepthook receives (the errors that escape a thread), collected instead
    of printed; `printed` holds what Python's own hook would have printed for each."""

    def __init__(self, python_hook):
        super().__init__()
        self.python_hook = python_hook
        self.printed = []
        self.arrived = threading.Event()

    def hook(self, args):
        with contextlib.redirect_stderr(io.StringIO()) as printed:
            self.python_hook(args)
        self.printed.append(printed.getvalue())
        self.append(args)
        self.arrived.set()

    def first(self):
        """The first error's hook arguments, once it came and its thread ended."""
        assert self.arrived.wait(DEADLINE), "no thread raised"
        args = self[0]
        args.thread.join(DEADLINE)
        return args
