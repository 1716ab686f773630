"""A property reads the configuration each time a request uses it, inside that request's context."""

from flask import current_app
from flask.views import MethodView


class UserList(MethodView):
    @property
    def per_page(self):
        return current_app.config["PAGE_SIZE"]

    def get(self):
        return {"per_page": self.per_page}
