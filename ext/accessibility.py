"""Close the accessibility gaps that axe-core finds in Sphinx's and Furo's markup.

- Toctree captions are written as ``role="heading"`` without the ``aria-level`` a heading needs.
- Furo's two sidebar drawers are ``<aside>`` landmarks with no label to tell them apart.
- A code block or a table wider than the page scrolls: a keyboard user must be able to focus it.

The fixes are made in the built pages, where the markup is final.
"""

import re
from pathlib import Path

CAPTION = re.compile(r'(<p class="caption" role="heading")(?! aria-level)')
SCROLLS = re.compile(r'(<div class="highlight"><pre|<div class="table-wrapper[^"]*")(?! tabindex)')


def fix_pages(app, exception):
    if exception or app.builder.format != "html":
        return
    _ = app.translator.gettext
    drawers = {
        '<aside class="sidebar-drawer">': f'<aside class="sidebar-drawer" aria-label="{_("Site navigation")}">',
        '<aside class="toc-drawer">': f'<aside class="toc-drawer" aria-label="{_("On this page")}">',
    }
    for page in Path(app.outdir).rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        fixed = SCROLLS.sub(r'\1 tabindex="0"', CAPTION.sub(r'\1 aria-level="2"', html))
        for old, new in drawers.items():
            fixed = fixed.replace(old, new)
        if fixed != html:
            page.write_text(fixed, encoding="utf-8")


def setup(app):
    app.connect("build-finished", fix_pages)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
