"""A small extension: per-app state in app.extensions, per-context data on g under its own name."""

from flask import current_app, g


class Audit:
    """Collects audit events during a context and saves them when the context ends."""

    def __init__(self, app=None):
        if app is not None:
            self.init_app(app)

    def init_app(self, app):
        # Per-app state, under the extension's name. Stands in for real storage.
        app.extensions["audit"] = []
        app.teardown_appcontext(self._save)

    def record(self, event):
        # Per-context data on g, with a prefix user code will not pick.
        g.setdefault("_audit_events", []).append(event)

    def _save(self, exception):
        events = g.pop("_audit_events", [])
        # current_app, not self.app: one Audit object can serve several apps.
        current_app.extensions["audit"].extend(events)
