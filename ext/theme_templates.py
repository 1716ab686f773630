"""Patch the few places of Furo's templates that a translated, accessible site cannot use as
they are, before Jinja compiles them.

Each fix replaces one exact piece of a template's source; if Furo changes that piece, the build
warns, naming the fix, so it is looked at again rather than silently lost. Every string a fix
adds goes through gettext (the interface catalog, ``sphinx.po``) and is HTML-escaped.

- Furo writes some interface strings as literal text, outside ``{% trans %}``
  (https://github.com/pradyunsg/furo/issues/434): the sidebar toggles' labels, the icons'
  titles, the footer's "@pradyunsg's", whose place in the sentence a translation must be free to
  move (Vietnamese says "Furo của @pradyunsg").
- Furo's two drawers are ``<aside>`` landmarks without a name: axe-core's
  ``landmark-unique`` rule asks for one.
- Furo writes the icon of its "view source" button into every page, and this site shows only
  the edit button (``top_of_page_buttons``, ext/source_links.py): the icon goes, and with it
  about 120 bytes of every page, the search page too (issue 17's budget).
"""

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)


def gettext(text):
    return f"{{{{ _({text!r})|e }}}}"


def labelled(text):
    return f'aria-label="{gettext(text)}"'


# Furo's icon of the "view source" button (furo/theme/furo/partials/icons.html); its one line
# longer than this file's lines is continued with a backslash.
VIEW_ICON = """\
  <symbol id="svg-eye" viewBox="0 0 24 24">
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="currentColor"
      stroke-width="1" stroke-linecap="round" stroke-linejoin="round" class="icon-tabler-eye-code">
      <path stroke="none" d="M0 0h24v24H0z" fill="none" />
      <path d="M10 12a2 2 0 1 0 4 0a2 2 0 0 0 -4 0" />
      <path
        d="M11.11 17.958c-3.209 -.307 -5.91 -2.293 -8.11 -5.958c2.4 -4 5.4 -6 9 -6c3.6 0 6.6 2 9 6\
c-.21 .352 -.427 .688 -.647 1.008" />
      <path d="M20 21l2 -2l-2 -2" />
      <path d="M17 17l-2 2l2 2" />
    </svg>
  </symbol>
"""

# (template, exact piece of its source, replacement, why)
FIXES = [
    *(("page.html", f'aria-label="{label}"', labelled(label), "Furo #434: hard-coded label")
      for label in ("Toggle site navigation sidebar", "Toggle table of contents sidebar",
                    "Toggle Light / Dark / Auto color theme")),
    *(("partials/icons.html", f"<title>{title}</title>", f"<title>{gettext(title)}</title>",
       "Furo #434: hard-coded title")
      for title in ("Contents", "Menu", "Expand", "Light mode", "Dark mode",
                    "Auto light/dark, in light mode", "Auto light/dark, in dark mode")),
    ("page.html", '<aside class="sidebar-drawer">', f'<aside class="sidebar-drawer" {labelled("Site navigation")}>',
     "axe landmark-unique: the drawers need names"),
    ("page.html", '<aside class="toc-drawer', f'<aside {labelled("On this page")} class="toc-drawer',
     "axe landmark-unique: the drawers need names"),
    ("page.html",
     '<a class="muted-link" href="https://pradyunsg.me">@pradyunsg</a>\'s\n            {% endif -%}\n'
     '            {% trans %}\n            <a href="https://github.com/pradyunsg/furo">Furo</a>\n'
     '            {% endtrans %}',
     '{% endif -%}\n            {% trans %}<a class="muted-link" href="https://pradyunsg.me">@pradyunsg</a>\'s '
     '<a href="https://github.com/pradyunsg/furo">Furo</a>{% endtrans %}',
     "Furo #434: the possessive is outside {% trans %}"),
    ("partials/icons.html", VIEW_ICON, "", "the view button's icon: the site shows only the edit button"),
]


def patch_templates(app: Sphinx) -> None:
    loader = getattr(app.builder, "templates", None)
    if loader is None or not hasattr(loader, "get_source"):
        return  # a builder without HTML templates
    fixes: dict[str, list[tuple[str, str, str]]] = {}
    for template, old, new, why in FIXES:
        fixes.setdefault(template, []).append((old, new, why))
    get_source = loader.get_source

    def patched_get_source(environment, template):
        source, filename, uptodate = get_source(environment, template)
        if template.lstrip("!") in fixes and "furo" in str(filename):
            for old, new, why in fixes[template.lstrip("!")]:
                if old not in source:
                    logger.warning("Furo's %s has changed: the fix %r no longer applies (%s)", template, old, why,
                                   type="theme")
                source = source.replace(old, new)
        return source, filename, uptodate

    loader.get_source = patched_get_source


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("builder-inited", patch_templates)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
