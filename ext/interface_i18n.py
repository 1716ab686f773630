"""Put the interface catalog (``locale/<language>/LC_MESSAGES/sphinx.po``) where Sphinx and its
extensions look for their strings, for what they do not translate themselves.

- The site's identity goes through the catalog: its title (``html_title``: the sidebar brand,
  each page's ``<title>``, the home page's whole ``<title>``), its name (``project``, which
  Open Graph's ``og:site_name`` shows) and its copyright line in the footer (``copyright``).
  They are configuration values, which Sphinx shows as they are in every language.
- The search page's messages: Sphinx's JavaScript reads them from ``translations.js``, which it
  copies from a ``sphinx.js`` in the language's folder of ``locale_dirs`` when there is one.
  That file is written here before the build (like the ``.mo`` files Sphinx compiles, it is not
  kept in git): Sphinx's own messages for the language, completed from the catalog, and only
  those its JavaScript asks for (babel extracts them from Sphinx's scripts, as Sphinx's own
  catalogs are made): the file is on every page, the rest of sphinx.po is for templates. It sets
  the messages directly: Sphinx's ``addTranslations`` builds the plural rule with ``new
  Function``, which the site's Content-Security-Policy forbids (no string runs as code).
- sphinx-copybutton picks its messages by ``<html lang>`` from a table that has no Vietnamese
  and no gettext (its maintainers take a language as a new row of that table:
  executablebooks/sphinx-copybutton#113), and writes them into HTML strings: the language's
  entry is added to the build's copy of ``copybutton.js``, each message HTML-escaped. It is
  the one file this site changes after Sphinx writes it, as Furo does for its pygments.css.
- Sphinx's search page has no description of its own: it gets one.

Only the messages the catalog guard accepted are used: it compiles the catalogs first, into the
build's own folder, where this module writes sphinx.js too (nothing is read from, or written
into, the repository's locale/).
"""

import json
import re
from html import escape
from pathlib import Path
from typing import Any

from babel.messages.extract import extract
from babel.messages.mofile import read_mo
from docutils import nodes
from sphinx import package_dir
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.typing import ExtensionMetadata

from ext.languages import source_language

COPYBUTTON_MESSAGES = {"copy": "Copy", "copy_to_clipboard": "Copy to clipboard", "copy_success": "Copied!",
                       "copy_failure": "Failed to copy"}
SEARCH_DESCRIPTION = "Search the guide to Flask's application context error."


# What the plural rule may be made of, checked again here before it is written as code: n,
# numbers, operators and parentheses, on one line (the catalog guard refuses any other header).
PLURAL_EXPRESSION = re.compile(r"[n0-9 %<>=!&|?:()]{1,200}")
JS_KEYWORDS = {"_": None, "Documentation.gettext": None, "Documentation.ngettext": (1, 2)}


def script_messages():
    """The msgids Sphinx's scripts translate (singular msgid for a plural)."""
    used = set()
    for script in sorted(Path(package_dir, "themes", "basic", "static").glob("*.js")):
        with script.open("rb") as f:
            for _, message, _, _ in extract("javascript", f, keywords=JS_KEYWORDS, comment_tags=()):
                used.add(message[0] if isinstance(message, tuple) else message)
    return used


def translated(config):
    return config.language != source_language(config)


def write_search_messages(app: Sphinx, config: Config) -> None:
    """sphinx.js next to the checked sphinx.mo: Sphinx's messages for this language, then ours."""
    if not translated(config):
        return
    for folder in config.locale_dirs:
        messages_dir = Path(app.srcdir, folder, config.language, "LC_MESSAGES")
        mo = messages_dir / "sphinx.mo"
        if not mo.is_file():
            continue
        sphinx_js = Path(package_dir, "locale", config.language, "LC_MESSAGES", "sphinx.js")
        messages = {}
        if sphinx_js.is_file():
            text = sphinx_js.read_text(encoding="utf-8")
            messages = json.loads(text[text.index("(") + 1 : text.rindex(")")])["messages"]
        with mo.open("rb") as f:
            ours = read_mo(f)
        for message in ours:
            if not message.id or not message.string:
                continue
            if message.pluralizable:
                messages[message.id[0]] = list(message.string)
            else:
                messages[message.id] = message.string
        used = script_messages()
        # untranslated messages stay out: Sphinx shows the English of what it does not find
        messages = {msgid: text for msgid, text in messages.items()
                    if msgid in used and (all(text) if isinstance(text, list) else text)}
        # the plural rule is the catalog's Plural-Forms, an arithmetic expression of n that the
        # catalog guard checked: written as code, never evaluated from a string
        rule = ours.plural_expr if PLURAL_EXPRESSION.fullmatch(ours.plural_expr or "") else "0"
        (messages_dir / "sphinx.js").write_text(
            f"Object.assign(Documentation.TRANSLATIONS, {json.dumps(messages, ensure_ascii=False, sort_keys=True)});\n"
            f"Documentation.PLURAL_EXPR = (n) => Number({rule});\n"
            f"Documentation.LOCALE = {json.dumps(config.language)};\n",
            encoding="utf-8",
        )


def translate_identity(app: Sphinx) -> None:
    """The title, name and copyright line of the site, in the language of the build. Set
    after the HTML builder has taken the fingerprint of its settings (these three are
    settings of the "html" kind), so a rebuild in the same language still rebuilds nothing."""
    _ = app.translator.gettext
    config = app.config
    config.html_title = _(config.html_title)
    if isinstance(config.copyright, str):
        config.copyright = _(config.copyright)
    else:  # Sphinx takes a list of lines too
        config.copyright = [_(line) for line in config.copyright]
    if getattr(config, "ogp_site_name", False) is None:  # sphinxext-opengraph's default: the project
        config.ogp_site_name = _(config.project)


def describe_search_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    if pagename == "search":
        description = escape(app.translator.gettext(SEARCH_DESCRIPTION))
        context["metatags"] = context.get("metatags", "") + f'\n<meta name="description" content="{description}">'


def translate_copybutton(app: Sphinx, exception: Exception | None) -> None:
    copybutton = Path(app.outdir, "_static", "copybutton.js")
    if exception or not translated(app.config) or not copybutton.exists():
        return
    _ = app.translator.gettext
    table = {key: escape(_(english)) for key, english in COPYBUTTON_MESSAGES.items()}
    text = copybutton.read_text(encoding="utf-8")
    entry = f"const messages = {{\n  {json.dumps(app.config.language)}: {json.dumps(table, ensure_ascii=False)},"
    if json.dumps(app.config.language) + ":" not in text:
        copybutton.write_text(text.replace("const messages = {", entry, 1), encoding="utf-8")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("ext.languages")  # guide_languages
    app.setup_extension("ext.catalog_guard")  # compiles the catalogs this reads
    app.setup_extension("sphinx_copybutton")  # its copybutton.js gets the language's messages
    app.connect("config-inited", write_search_messages, priority=900)  # after the guard (800)
    app.connect("builder-inited", translate_identity)
    app.connect("html-page-context", describe_search_page)
    app.connect("build-finished", translate_copybutton)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
