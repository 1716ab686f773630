"""The scheduler in a process of its own, next to the web server: python scheduler_process.py"""

import threading

from myapp import create_app
from scheduler_fixed import init_scheduler, scheduler

if __name__ == "__main__":
    init_scheduler(create_app())
    try:
        # The jobs run in the scheduler's threads: keep the process alive until Ctrl+C.
        threading.Event().wait()
    except KeyboardInterrupt:
        scheduler.shutdown()
