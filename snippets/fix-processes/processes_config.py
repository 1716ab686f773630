"""A child process that changes the configuration changes only its own application."""

import sys
from multiprocessing import Process, set_start_method

from flask import current_app

from myapp import create_app


def enter_maintenance():
    app = create_app({"MAINTENANCE": False})  # the child's own application, as in the fix
    with app.app_context():
        current_app.config["MAINTENANCE"] = True
        print("child sees MAINTENANCE =", current_app.config["MAINTENANCE"])


if __name__ == "__main__":
    set_start_method(sys.argv[1] if len(sys.argv) > 1 else "spawn")
    app = create_app({"MAINTENANCE": False})
    child = Process(target=enter_maintenance)
    child.start()
    child.join()
    print("parent sees MAINTENANCE =", app.config["MAINTENANCE"])
