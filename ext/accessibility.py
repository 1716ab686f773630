"""Close the accessibility gaps that axe-core finds in the markup Sphinx and Furo give a page.

- Toctree captions, in Furo's navigation and in a page, are written as ``role="heading"``
  without the ``aria-level`` a heading needs (axe ``aria-required-attr``).
- A code block or a table wider than the page scrolls: a keyboard user must be able to reach it
  (axe ``scrollable-region-focusable``), so it gets ``tabindex="0"``.

Both are made in the page's context, before the page is rendered (after Furo has built its
navigation); the drawers' names are a template fix (theme_templates.py).
"""

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

CAPTION = re.compile(r'(<p class="caption" role="heading")(?! aria-level)')
SCROLLS = re.compile(r'(<div class="highlight"><pre|<div class="table-wrapper[^"]*")(?! tabindex)')


def fix_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    if context.get("furo_navigation_tree"):
        context["furo_navigation_tree"] = CAPTION.sub(r'\1 aria-level="2"', context["furo_navigation_tree"])
    if context.get("body"):
        context["body"] = SCROLLS.sub(r'\1 tabindex="0"', CAPTION.sub(r'\1 aria-level="2"', context["body"]))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("html-page-context", fix_page, priority=900)  # after Furo's own (500)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
