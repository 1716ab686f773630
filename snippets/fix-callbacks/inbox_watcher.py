"""Import the users of every CSV file dropped into a folder, with watchdog."""
# The handler keeps the app and pushes a context around its work.

import sys
import time

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from inbox import import_users
from myapp import create_app, db


class CsvImporter(FileSystemEventHandler):
    def __init__(self, app):
        super().__init__()
        self.app = app  # the real application, kept for the observer thread

    def on_created(self, event):
        if event.src_path.endswith(".csv"):
            with self.app.app_context():
                import_users(event.src_path)


if __name__ == "__main__":
    folder = sys.argv[1]
    app = create_app()
    with app.app_context():
        db.create_all()
    observer = Observer()
    observer.schedule(CsvImporter(app), folder)
    observer.start()
    print(f"watching {folder} (Ctrl+C to stop)", flush=True)
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        observer.stop()
    observer.join()
