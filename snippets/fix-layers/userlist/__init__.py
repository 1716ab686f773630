"""A package whose modules import the running application as `from userlist import app`."""

from flask import current_app

app = current_app  # a proxy to the application of the active context, not an application
