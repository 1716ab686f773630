"""What the inbox watcher does with a CSV file: add a user for each row."""

import csv

from myapp import db
from myapp.models import User


def import_users(path):
    with open(path, newline="") as file:
        for (name,) in csv.reader(file):
            db.session.add(User(name=name))
    db.session.commit()
    print(f"imported {path}", flush=True)
