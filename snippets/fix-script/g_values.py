"""The connection is made where it is first read, in a request, a script or a command alike."""

import sqlite3

from flask import Flask, g

app = Flask(__name__)
DATABASE = "shop.db"  # a SQLite file with a table user (name)


def get_db():
    if "conn" not in g:
        g.conn = sqlite3.connect(DATABASE)
    return g.conn


@app.teardown_appcontext
def close_database(error):
    conn = g.pop("conn", None)
    if conn is not None:
        conn.close()


def user_names():
    return [name for (name,) in get_db().execute("SELECT name FROM user ORDER BY name")]


@app.get("/users")
def users():
    return {"users": user_names()}


if __name__ == "__main__":
    with app.app_context():
        print(user_names())
