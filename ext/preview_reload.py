"""The preview (`nox -s serve`, sphinx-autobuild) reloads the page by itself after a save.

sphinx-autobuild adds an inline script to every page it serves, which opens a WebSocket to it
and reloads the page when a build ends. The Content-Security-Policy of every page (ext/hosting.py)
lets no inline script run but the theme's own, so the browser refused that one and the preview
never reloaded. A preview build (``guide_preview`` set to the server's ``host:port``, which
tools/site.py's serve does) allows that one script by its hash, and its WebSocket; the
published site (``guide_preview`` empty) keeps its policy as it is. The setting is an HTML
one: a build after a preview writes every page again, with the published policy.
"""

import base64
import hashlib

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from ext.hosting import INLINE_SCRIPT, POLICIES


def reload_script(url_host):
    """The inline script sphinx-autobuild appends to each page it serves from url_host."""
    from sphinx_autobuild.middleware import web_socket_script

    return web_socket_script(url_host)


def script_hash(code):
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def allow_reload(app: Sphinx) -> None:
    url_host = app.config.guide_preview
    if not url_host or app not in POLICIES:
        return
    hashes = " ".join(script_hash(code) for code in INLINE_SCRIPT.findall(reload_script(url_host)))
    POLICIES[app] = (POLICIES[app]
                     .replace("script-src ", f"script-src {hashes} ", 1)
                     .replace("connect-src 'self'", f"connect-src 'self' ws://{url_host}", 1))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("ext.hosting")
    app.add_config_value("guide_preview", "", "html", types=[str])
    app.connect("builder-inited", allow_reload, priority=600)  # after ext.hosting has its policy
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
