"""Flask at /, the report application at /report."""
# Run it with: gunicorn dispatched_broken:application

from werkzeug.middleware.dispatcher import DispatcherMiddleware

from myapp import create_app
from report_app import report

flask_app = create_app()
application = DispatcherMiddleware(flask_app, {"/report": report})
