"""Broken: a ProcessPoolExecutor job has no application context."""

import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from myapp import create_app, db
from processes_broken import count_users

if __name__ == "__main__":
    method = sys.argv[1] if len(sys.argv) > 1 else "spawn"
    with create_app().app_context():  # as in a view: a context is active here
        db.create_all()
        with ProcessPoolExecutor(2, mp_context=get_context(method)) as pool:
            pool.submit(count_users).result()  # raises here, in the caller
