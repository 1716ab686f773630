"""An async view that starts a task and returns: the view's event loop ends, and the task with it."""

import asyncio

from flask import Blueprint, current_app

bp = Blueprint("signup", __name__)


async def send_welcome(name):
    await asyncio.sleep(0.1)  # stands for a call to a mail service
    current_app.logger.info("welcome mail sent to %s", name)


@bp.post("/signup/<name>")
async def signup(name):
    asyncio.create_task(send_welcome(name))  # cancelled when the view returns
    return "", 202
