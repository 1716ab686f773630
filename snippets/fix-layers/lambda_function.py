"""An AWS Lambda function: HTTP requests through apig-wsgi, and a nightly clean-up."""
# An EventBridge schedule calls the clean-up, which runs in a context of the Flask application.

from apig_wsgi import make_lambda_handler

from guests import delete_guests
from myapp import create_app, db
from myapp.models import User

app = create_app()
http_handler = make_lambda_handler(app)


@app.get("/users/count")
def count_users():
    return {"users": db.session.query(User).count()}


def nightly_cleanup(event, context):
    with app.app_context():  # apig-wsgi gives HTTP requests one; this handler needs its own
        return {"deleted": delete_guests()}
