"""Broken: Flask-Executor outside a request, even inside an application context."""

from myapp import create_app, db
from threads_flask_executor import executor, save_user

app = create_app()
executor.init_app(app)

if __name__ == "__main__":
    with app.app_context():
        db.create_all()
        executor.submit(save_user, "ada")  # raises: there is no request to copy
