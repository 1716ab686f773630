"""An AWS Lambda function: HTTP requests through apig-wsgi, and a nightly clean-up."""
# An EventBridge schedule calls the clean-up.

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
    # The schedule calls this directly: no request, and no Flask context.
    return {"deleted": delete_guests()}
