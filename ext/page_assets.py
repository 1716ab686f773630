"""Each page loads only the assets it uses, and those assets are sent minified.

- sphinx-copybutton adds its script, ClipboardJS and its stylesheet to every page, Sphinx adds
  the Pygments stylesheet, and Furo its furo-extensions.css (the copy button's look, and rules
  for things this site never has: sphinx-design cards, Read the Docs' old version flyout, an ad
  placement): a page without a code block (the search page, the glossary, the 404 page...)
  gets none of them. Decided at ``html-page-context`` from the page's doctree; a page with no
  doctree (search, genindex) has no code block.
- Furo's stylesheet styles every construct Sphinx and docutils can write: footnotes, API
  signatures, version notes, math... The rules for a construct that no page of the build shows
  (no element has its class) are taken out of it at ``build-finished``, a whole rule where
  every selector names such a class, else only those selectors (a ``:not(.footnote)`` inside
  one does not count). Each build looks at every page again, so a page that starts to use a
  construct brings its rules back.
- The static JavaScript and CSS that Sphinx, the theme and the extensions copy unminified into
  ``_static/`` (doctools, searchtools, sphinx_highlight, copybutton, the Pygments styles...) are
  minified with rjsmin and rcssmin once they are written, at ``build-finished``, and again on
  every build, since Sphinx copies them every time. Files that ship minified (``*.min.js``,
  Furo's bundles) are not minified again, and nor are the project's own (its ``html_static_path``
  under the configuration folder), written small: rjsmin does not know ES2015 well enough to
  tell a regular expression after ``=>`` and a line break from a division, and breaks such
  scripts (the browser tests load every page and fail on any script error). A file's ``?v=``
  checksum is the one of what Sphinx copied, so it still changes exactly when its source
  changes.
"""

import re
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
THEME_CSS = "styles/furo.css"
# The constructs whose rules Furo's stylesheet holds and a page of this guide may never show:
# their class names (a rule for `.sig-name` is one for `sig`).
CONSTRUCTS = ("footnote", "citation", "genindex", "versionmodified", "deprecated", "versionadded",
              "versionchanged", "versionremoved", "rubric", "line-block", "viewcode", "math",
              "productionlist", "option-list", "field-list", "hlist", "sig")


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


def split_rules(css):
    """The top-level rules of a stylesheet, as (prelude, body) pairs, and what follows the last
    one (a comment); quoted text is read as text."""
    rules, start, depth, quote, prelude_end, i = [], 0, 0, None, 0, 0
    while i < len(css):
        char = css[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "{":
            prelude_end = i if depth == 0 else prelude_end
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                rules.append((css[start:prelude_end], css[prelude_end + 1:i]))
                start = i + 1
        i += 1
    return rules, css[start:]


def without_selectors(css, unused):
    """`css` without the selectors that name a class of `unused` (outside :not()), and without
    the rules and @media blocks left empty."""
    kept = []
    rules, rest = split_rules(css)
    for prelude, body in rules:
        if prelude.lstrip().startswith("@"):
            inner = without_selectors(body, unused) if "{" in body else body
            if inner or "{" not in body:
                kept.append(prelude + "{" + inner + "}")
            continue
        selectors = [s for s in prelude.split(",") if not unused.search(re.sub(r":not\([^)]*\)", "", s))]
        if selectors:
            kept.append(",".join(selectors) + "{" + body + "}")
    return "".join(kept) + rest


def unused_constructs(outdir):
    """The constructs of CONSTRUCTS that no page of the build shows."""
    pages = [page.read_text(encoding="utf-8") for page in Path(outdir).rglob("*.html")]
    return [name for name in CONSTRUCTS
            if not any(re.search(rf'class="[^"]*(?<![\w-]){re.escape(name)}(?![\w])', page) for page in pages)]


def shake_theme_css(app: Sphinx) -> None:
    path = Path(app.outdir, "_static", THEME_CSS)
    unused = unused_constructs(app.outdir)
    if path.is_file() and unused:
        names = "|".join(map(re.escape, unused))
        pattern = re.compile(rf"\.(?:{names})(?:-[\w-]*)?(?![\w-])")
        path.write_text(without_selectors(path.read_text(encoding="utf-8"), pattern), encoding="utf-8")


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
    shake_theme_css(app)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("html-page-context", select_assets)
    # after the other extensions' changes to their copies (interface_i18n: copybutton.js)
    app.connect("build-finished", minify_static, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
