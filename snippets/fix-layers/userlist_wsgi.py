"""What the WSGI server serves, the application itself: gunicorn userlist_wsgi:app"""

from userlist.factory import create_app

app = create_app()
