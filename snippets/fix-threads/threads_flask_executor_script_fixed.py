"""Fixed: outside a request, use a plain thread pool and pass the application."""

from concurrent.futures import ThreadPoolExecutor

from myapp import create_app, db
from threads_jobs import save_user

app = create_app()

if __name__ == "__main__":
    with app.app_context():
        db.create_all()
    with ThreadPoolExecutor() as pool:
        pool.submit(save_user, app, "ada").result()  # save_user pushes the context
    print("saved")
