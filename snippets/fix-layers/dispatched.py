"""Flask at /, the report application at /report, in a context of the Flask application."""
# The context lasts while the server sends the response. Run it with: gunicorn dispatched:application

from werkzeug.middleware.dispatcher import DispatcherMiddleware

from myapp import create_app
from report_app import report


def with_app_context(app, wsgi_app):
    """`wsgi_app`, its call and its whole body run in a context of the Flask application `app`."""

    def wrapped(environ, start_response):
        with app.app_context():
            body = wsgi_app(environ, start_response)
            try:
                yield from body
            finally:
                if hasattr(body, "close"):  # what a WSGI server does with every body
                    body.close()

    return wrapped


flask_app = create_app()
application = DispatcherMiddleware(flask_app, {"/report": with_app_context(flask_app, report)})
