"""Add a user for every name published on the "signups" channel of Redis, in the script's own loop."""
# The callback is wrapped so that it runs in an application context.

import os

import redis

from app_callbacks import with_app_context
from myapp import create_app, db
from signups import on_signup

if __name__ == "__main__":
    app = create_app()
    with app.app_context():
        db.create_all()
    client = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/0"), decode_responses=True)
    pubsub = client.pubsub()
    pubsub.subscribe(signups=with_app_context(app, on_signup))
    print("listening on signups (Ctrl+C to stop)", flush=True)
    try:
        while True:
            pubsub.get_message(timeout=None)  # waits for the next message, and calls its handler here
    except KeyboardInterrupt:
        pass
