"""What each page tells the browser about how to treat it, for any static host.

- A Content-Security-Policy: scripts, styles, images and fonts from this site only, nothing sent
  anywhere, no plugins, no ``<base>``. The one inline script (Furo's, which sets the colour theme
  before the page paints) is allowed by its hash, taken from Furo's template as it is loaded, so
  no other inline script runs, whatever a page or a catalog holds. Inline styles stay allowed
  (Furo's colour variables and icons use them); CSS cannot run code.
- A referrer policy: links to other sites get the origin, never the page's address.
- The head holds one viewport declaration (docutils adds a second to Sphinx's metatags) and no
  i18n bookkeeping (``translated="True"`` on a translated description).

The site root's ``_headers`` (tools/site.py) repeats the policy as HTTP headers for the hosts
that read that file; a ``<meta>`` policy cannot forbid framing, a header can.
"""

import base64
import hashlib
import re
import weakref
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
DOCUTILS_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'
REFERRER_POLICY = "strict-origin-when-cross-origin"


def script_hashes(app):
    """The CSP hash of each inline <script> of the theme's base template."""
    environment = app.builder.templates.environment
    source, _, _ = app.builder.templates.get_source(environment, "base.html")
    return sorted(
        "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"
        for code in INLINE_SCRIPT.findall(source)
    )


def policy(app):
    scripts = " ".join(["'self'", *script_hashes(app)])
    return (
        "default-src 'none'; "
        f"script-src {scripts}; "
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; "
        "font-src 'self'; "
        "connect-src 'self'; "
        "manifest-src 'self'; "
        "base-uri 'none'; "
        "form-action 'self'; "
        "object-src 'none'"
    )


# The policy of each running build (store_policy), which ext/preview_reload.py extends.
POLICIES: weakref.WeakKeyDictionary[Sphinx, str] = weakref.WeakKeyDictionary()


def store_policy(app: Sphinx) -> None:
    if getattr(app.builder, "templates", None) is not None and app.builder.format == "html":
        POLICIES[app] = policy(app)


def add_headers(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    metatags = context.get("metatags", "").replace(DOCUTILS_VIEWPORT, "")
    head = (
        f'<meta http-equiv="Content-Security-Policy" content="{POLICIES[app]}">\n'
        f'<meta name="referrer" content="{REFERRER_POLICY}">\n'
    )
    context["metatags"] = head + metatags


def drop_translated_marks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for meta in doctree.findall(nodes.meta):
        meta.attributes.pop("translated", None)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("builder-inited", store_policy)
    app.connect("html-page-context", add_headers, priority=1000)  # last: the whole head is known
    app.connect("doctree-resolved", drop_translated_marks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
