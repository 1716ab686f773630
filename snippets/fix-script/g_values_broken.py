"""A helper that reads what a before_request function put on g, called from a script too."""

import sqlite3

from flask import Flask, g

app = Flask(__name__)
DATABASE = "shop.db"  # a SQLite file with a table user (name)


@app.before_request
def open_database():
    g.conn = sqlite3.connect(DATABASE)


def user_names():
    return [name for (name,) in g.conn.execute("SELECT name FROM user ORDER BY name")]


@app.get("/users")
def users():
    return {"users": user_names()}


if __name__ == "__main__":
    with app.app_context():
        print(user_names())
