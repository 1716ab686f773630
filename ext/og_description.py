"""Social previews (Open Graph) describe a page with its own description.

sphinxext-opengraph writes ``og:description`` from the first text of the page, with its code
taken out ("You call.delay() on a Celery task..."). A page that has a ``description`` in its
``html_meta`` front matter, which the catalogs translate with the page, gets that instead, in
each language. A page without one keeps the excerpt. The text is escaped whole: a
description comes from a catalog, which anyone can change.
"""

from html import escape
from html.parser import HTMLParser
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata


class Description(HTMLParser):
    """The content of the first <meta name="description"> of a page's meta tags."""

    def __init__(self):
        super().__init__()
        self.content = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name") == "description" and self.content is None:
            self.content = attrs.get("content")


def describe(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    parser = Description()
    parser.feed(context.get("metatags", ""))
    parser.close()
    if parser.content:
        context["meta"] = {**(context.get("meta") or {}), "og:description": escape(parser.content)}


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinxext.opengraph")  # it writes og:description from what this sets
    app.connect("html-page-context", describe, priority=400)  # before sphinxext-opengraph's (500)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
