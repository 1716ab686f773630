"""Translate what Sphinx and its extensions leave in English on a translated page.

- Tab labels (sphinx-tabs): the label node is created without a source, so Sphinx's i18n
  transform never translates it, although the gettext builder extracts it. Giving it the
  page as its source makes the catalog's translation apply.
- Code comments and docstrings: a Python block included from snippets/ becomes a
  `commented_code` node whose translatable messages are its comments and its module docstring
  (the one-line summary a snippet starts with), one message each. The code around them is never
  a message, so a translated page shows the tested snippet with only that prose changed.
- Interface strings: the language's `sphinx.po` in locale/ (the "sphinx" gettext domain, which
  Sphinx searches there before its own catalogs) fills the gaps of Sphinx's catalog. Strings
  that Furo and sphinx-tabs write without gettext, the search page's JavaScript messages and
  sphinx-copybutton's built-in messages are translated in the built files from that catalog.
"""

import functools
import io
import json
import re
import tokenize
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain
from sphinx.writers.html5 import HTML5Translator
from sphinx_tabs.tabs import SphinxTabsTab

logger = logging.getLogger(__name__)

# Comments that are instructions to tools, not to readers, stay as they are.
TOOL_COMMENTS = ("noqa", "type:", "pragma", "fmt:")


SKIPPED = {tokenize.ENCODING, tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE}


def module_docstring(tokens):
    """The token of a one-line module docstring (\"\"\"...\"\"\" alone on its line), or None."""
    significant = [t for t in tokens if t.type not in SKIPPED][:2]
    if len(significant) == 2 and significant[0].type == tokenize.STRING:
        string, after = significant
        quoted = string.string.startswith('"""') and string.string.endswith('"""')
        if quoted and string.start[0] == string.end[0] and after.start[0] > string.end[0]:
            return string
    return None


@functools.lru_cache(maxsize=256)  # a block is read for its messages, then for each translation
def prose(code):
    """(line, column, text) of each comment and of the module docstring, in order: what a
    reader reads, and what a translation may change."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return ()  # a fragment that does not tokenise stays in English
    docstring = module_docstring(tokens)
    found = []
    for token in tokens:
        if token.type == tokenize.COMMENT:
            text = token.string[1:].strip()
            if text and not text.startswith(TOOL_COMMENTS):
                found.append((token.start[0], token.start[1], text))
        elif token is docstring:
            text = token.string[3:-3].strip()
            if text and "\\" not in text:
                found.append((token.start[0], token.start[1], text))
    return tuple(found)


class commented_code(nodes.literal_block, addnodes.translatable):
    """A code block from snippets/ whose comments and docstring, and nothing else, can be translated."""

    def preserve_original_messages(self):
        self["original_code"] = self.astext()

    def extract_original_messages(self):
        return [text for _, _, text in prose(self.get("original_code", self.astext()))]

    def apply_translated_message(self, original_message, translated_message):
        """Called by Sphinx's Locale transform, which may skip some messages: TranslateCode
        applies them all instead."""

    def translate(self, original_message, translated_message):
        lines = self.astext().split("\n")
        for line, column, text in prose(self.astext()):
            if text == original_message:
                prefix, prose_on_line = lines[line - 1][:column], lines[line - 1][column:]
                if prose_on_line.startswith('"""') and ('"' in translated_message or "\\" in translated_message):
                    logger.warning("a docstring's translation may hold no \" or \\: %r", translated_message,
                                   location=self, type="i18n")
                    continue
                lines[line - 1] = prefix + prose_on_line.replace(text, translated_message, 1)
        code = "\n".join(lines)
        self.rawsource = code  # Sphinx only highlights a block whose rawsource is its text
        self.children = [nodes.Text(code)]


class MakeTranslatable(SphinxTransform):
    # before PreserveTranslatableMessages (10) and Locale (20)
    default_priority = 5

    def apply(self, **kwargs):
        snippets = Path(self.config.snippets_dir).resolve()
        for label in self.document.findall(SphinxTabsTab):
            if label.source is None:
                label.source = self.document["source"]
                label.line = label.parent.line if label.parent else None
        for block in list(self.document.findall(nodes.literal_block)):
            source = block.get("source")
            if (
                type(block) is nodes.literal_block
                and block.get("language") == "python"
                and source
                and Path(source).resolve().is_relative_to(snippets)
            ):
                code = commented_code(block.rawsource, block.astext(), **block.attributes)
                code.source, code.line = block.source, block.line
                block.replace_self(code)


class TranslateCode(SphinxTransform):
    """Apply every translated comment and docstring of each code block.

    Not left to Sphinx's Locale transform, which keeps one "translated" mark per node: a
    message translated as itself (a comment such as ``was: User.query.get(1)``) marks the whole
    block as done, and the block's other messages are then skipped.
    """

    default_priority = 21  # right after Locale (20)

    def apply(self, **kwargs):
        blocks = list(self.document.findall(commented_code))
        if not blocks:
            return
        domain = docname_to_domain(self.env.current_document.docname, self.config.gettext_compact)
        folders = [Path(self.env.srcdir, folder) for folder in self.config.locale_dirs]
        catalog, found = init_locale(folders, self.config.language, domain)
        if not found:
            return
        for block in blocks:
            for message in block.extract_original_messages():
                translated = catalog.gettext(message)
                if translated != message:
                    block.translate(message, translated)


class TidyTabLabels(SphinxTransform):
    """sphinx-tabs writes every attribute of a label into the HTML: drop the i18n bookkeeping."""

    default_priority = 990  # after every i18n transform has read it

    def apply(self, **kwargs):
        for label in self.document.findall(SphinxTabsTab):
            label.attributes.pop("translated", None)


# Written by Furo's templates and sphinx-tabs without gettext: in attributes or alone in an element.
HARD_CODED = [
    "Skip to content",
    "Toggle site navigation sidebar",
    "Toggle table of contents sidebar",
    "Toggle Light / Dark / Auto color theme",
    "Contents",
    "Menu",
    "Expand",
    "Light mode",
    "Dark mode",
    "Auto light/dark, in light mode",
    "Auto light/dark, in dark mode",
    "Tabbed content",
]
HARD_CODED_RE = re.compile(
    r'(?<=[">])(\s*)(' + "|".join(re.escape(s) for s in sorted(HARD_CODED, key=len, reverse=True)) + r')(\s*)(?=[<"])'
)
# Furo's footer: "Copyright © ..." and "Made with Sphinx and @pradyunsg's Furo".
FOOTER_RE = re.compile(
    r"(?P<copyright>Copyright)( &#169;)|(?P<sphinx></a>) and (?P<author><a[^>]*>@pradyunsg</a>)'s\s*(?P<furo><a[^>]*>Furo</a>)"
)
# A page with none of these was translated by an earlier build and not written since.
ENGLISH_MARKERS = (*HARD_CODED, "Copyright &#169;", "@pradyunsg</a>'s")
COPYBUTTON_MESSAGES = {"copy": "Copy", "copy_to_clipboard": "Copy to clipboard", "copy_success": "Copied!", "copy_failure": "Failed to copy"}


def translate_built_interface(app, exception):
    if exception or app.builder.format != "html":
        return
    if app.config.language == next(iter(app.config.guide_languages)):
        return
    _ = app.translator.gettext
    outdir = Path(app.outdir)

    def footer(match):
        if match["copyright"]:
            return _("Copyright") + match[2]
        return f"{match['sphinx']} {_('and')} {match['furo']} — {match['author']}"

    for page in outdir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if not any(marker in html for marker in ENGLISH_MARKERS):
            continue  # the regular expressions below cost more than this test
        translated = HARD_CODED_RE.sub(lambda m: m[1] + _(m[2]) + m[3], html)
        translated = FOOTER_RE.sub(footer, translated)
        if translated != html:
            page.write_text(translated, encoding="utf-8")

    # The search page's messages: Sphinx's translations.js, completed from the catalog.
    script = outdir / "_static" / "translations.js"
    if script.exists():
        text = script.read_text(encoding="utf-8")
        catalog = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    else:
        catalog = {"locale": app.config.language, "plural_expr": "0"}
    messages = catalog.setdefault("messages", {})
    for message in app.translator._catalog:  # the merged catalogs Sphinx loaded
        if isinstance(message, tuple):  # a plural form: (singular, index)
            singular, index = message
            forms = messages[singular] if isinstance(messages.get(singular), list) else []
            forms[index:index + 1] = [app.translator._catalog[message]]
            messages[singular] = forms
        elif message and not messages.get(message):
            messages[message] = app.translator._catalog[message]
    script.write_text(f"Documentation.addTranslations({json.dumps(catalog, ensure_ascii=False)});\n", encoding="utf-8")

    # sphinx-copybutton picks its messages by <html lang>, from a table without Vietnamese.
    copybutton = outdir / "_static" / "copybutton.js"
    if copybutton.exists():
        table = {key: _(english) for key, english in COPYBUTTON_MESSAGES.items()}
        text = copybutton.read_text(encoding="utf-8")
        entry = f"const messages = {{\n  {json.dumps(app.config.language)}: {json.dumps(table, ensure_ascii=False)},"
        copybutton.write_text(text.replace("const messages = {", entry, 1), encoding="utf-8")


def translate_title(app):
    """The site's title (html_title) through the interface catalog."""
    app.config.html_title = app.translator.gettext(app.config.html_title)


def visit_commented_code(translator, node):
    HTML5Translator.visit_literal_block(translator, node)


def depart_commented_code(translator, node):
    HTML5Translator.depart_literal_block(translator, node)


def setup(app):
    app.add_node(commented_code, html=(visit_commented_code, depart_commented_code))
    app.add_transform(MakeTranslatable)
    app.add_transform(TranslateCode)
    app.add_transform(TidyTabLabels)
    app.connect("builder-inited", translate_title)
    app.connect("build-finished", translate_built_interface)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
