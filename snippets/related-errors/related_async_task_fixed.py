"""The task runs in a thread with an event loop and an app context of its own."""

import asyncio
import threading

from flask import Blueprint, current_app

bp = Blueprint("signup", __name__)


async def send_welcome(app, name):
    with app.app_context():
        await asyncio.sleep(0.1)  # stands for a call to a mail service
        current_app.logger.info("welcome mail sent to %s", name)


@bp.post("/signup/<name>")
async def signup(name):
    app = current_app._get_current_object()
    # asyncio.run gives the coroutine an event loop that lasts until it is done.
    threading.Thread(target=asyncio.run, args=(send_welcome(app, name),)).start()
    return "", 202
