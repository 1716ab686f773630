"""Import the users of every CSV file dropped into a folder, with watchdog."""

import sys
import time

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from inbox import import_users
from myapp import create_app, db


class CsvImporter(FileSystemEventHandler):
    def on_created(self, event):
        # watchdog calls this from its observer thread, where no context is active.
        if event.src_path.endswith(".csv"):
            import_users(event.src_path)


if __name__ == "__main__":
    folder = sys.argv[1]
    app = create_app()
    with app.app_context():
        db.create_all()
    observer = Observer()
    observer.schedule(CsvImporter(), folder)
    observer.start()
    print(f"watching {folder} (Ctrl+C to stop)", flush=True)
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        observer.stop()
    observer.join()
