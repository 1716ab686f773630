"""The module gunicorn or uWSGI serves: the web app only, no scheduler."""

from myapp import create_app

app = create_app()
