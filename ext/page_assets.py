"""Each page loads only the assets it uses, and those assets are sent minified.

- sphinx-copybutton adds its script, ClipboardJS and its stylesheet to every page, Sphinx adds
  the Pygments stylesheet, and Furo its furo-extensions.css (the copy button's look, and rules
  for things this site never has: sphinx-design cards, Read the Docs' old version flyout, an ad
  placement): a page without a code block (the search page, the glossary, the 404 page...)
  gets none of them. Decided at ``html-page-context`` from the page's doctree; a page with no
  doctree (search, genindex) has no code block.
- The static JavaScript and CSS that Sphinx, the theme and the extensions copy unminified into
  ``_static/`` (doctools, searchtools, sphinx_highlight, copybutton, the Pygments styles...) are
  minified with rjsmin and rcssmin once they are written, at ``build-finished``, and again on
  every build, since Sphinx copies them every time. Files that ship minified (``*.min.js``,
  Furo's bundles) are left as they are, and so are the project's own (its ``html_static_path``
  under the configuration folder), written small: rjsmin does not know ES2015 well enough to
  tell a regular expression after ``=>`` and a line break from a division, and breaks such
  scripts (the browser tests load every page and fail on any script error). A file's ``?v=``
  checksum is the one of what Sphinx copied, so it still changes exactly when its source
  changes.
"""

from pathlib import Path
from typing import Any

import rcssmin
import rjsmin
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

# What a page needs only if it shows code (file names in _static/)
CODE_ASSETS = {"copybutton.js", "clipboard.min.js", "copybutton.css", "pygments.css", "furo-extensions.css"}
MINIFIERS = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}
SHIPPED_MINIFIED = ("styles/furo.css", "styles/furo-extensions.css", "scripts/furo.js", "scripts/furo-extensions.js")


def has_code(doctree):
    return doctree is not None and next(iter(doctree.findall(nodes.literal_block)), None) is not None


def asset_name(asset):
    return Path(str(getattr(asset, "filename", asset))).name


def select_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    if has_code(doctree):
        return
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if asset_name(asset) not in CODE_ASSETS]


def own_static_files(app):
    """The names under _static/ of the project's own static files."""
    confdir = Path(app.confdir).resolve()
    names: set[str] = set()
    for folder in app.config.html_static_path:
        folder = (confdir / folder).resolve()
        if folder.is_relative_to(confdir) and folder.is_dir():
            names.update(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    return names


def minify_static(app: Sphinx, exception: Exception | None) -> None:
    static = Path(app.outdir, "_static")
    if exception or app.builder.format != "html" or not static.is_dir():
        return
    left_alone = {*SHIPPED_MINIFIED, *own_static_files(app)}
    for path in sorted(static.rglob("*")):
        minify = MINIFIERS.get(path.suffix)
        relative = path.relative_to(static).as_posix()
        if minify is None or not path.is_file() or relative in left_alone or ".min." in path.name:
            continue
        text = path.read_text(encoding="utf-8")
        smaller = minify(text)
        if smaller != text:
            path.write_text(smaller, encoding="utf-8")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("html-page-context", select_assets)
    # after the other extensions' changes to their copies (interface_i18n: copybutton.js)
    app.connect("build-finished", minify_static, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
