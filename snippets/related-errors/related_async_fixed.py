"""The same view with asyncio.to_thread, which copies the context into the thread."""

import asyncio

from flask import Blueprint, current_app

bp = Blueprint("reports", __name__)


def build_report():
    # Blocking work that reads the config.
    return f"{current_app.config['REPORT_TITLE']}: 42 orders"


@bp.get("/report")
async def report():
    return await asyncio.to_thread(build_report)
