"""A child process that changes the configuration changes only its own copy."""

from multiprocessing import Process, set_start_method

from flask import current_app

from myapp import create_app


def enter_maintenance():
    with app.app_context():
        current_app.config["MAINTENANCE"] = True
        print("child sees MAINTENANCE =", current_app.config["MAINTENANCE"])


if __name__ == "__main__":
    set_start_method("fork")  # the child starts with a copy of this app
    app = create_app({"MAINTENANCE": False})
    child = Process(target=enter_maintenance)
    child.start()
    child.join()
    print("parent sees MAINTENANCE =", app.config["MAINTENANCE"])
