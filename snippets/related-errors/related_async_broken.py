"""An async view that runs blocking code with run_in_executor: the context is lost."""

import asyncio

from flask import Blueprint, current_app

bp = Blueprint("reports", __name__)


def build_report():
    # Blocking work that reads the config.
    return f"{current_app.config['REPORT_TITLE']}: 42 orders"


@bp.get("/report")
async def report():
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, build_report)
