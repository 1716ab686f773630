"""A class attribute read from the configuration: the class body runs at import."""

from flask import current_app
from flask.views import MethodView


class UserList(MethodView):
    per_page = current_app.config["PAGE_SIZE"]

    def get(self):
        return {"per_page": self.per_page}
