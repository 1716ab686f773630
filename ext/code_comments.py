"""Translate the comments and the one-line module docstring of code blocks, and nothing else.

A Python block included from snippets/ becomes a ``commented_code`` node, whose translatable
messages are its comments and its module docstring (the one-line summary a snippet starts
with), one message each. The code around them is never a message, so a translated page shows
the tested snippet with only that prose changed. A translation can never add a line of code:
the catalog guard refuses a message with a line break its source does not have, and this
module applies none either.
"""

import functools
import io
import tokenize

from docutils import nodes
from sphinx import addnodes
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain
from sphinx.writers.html5 import HTML5Translator

from ext.snippets_only import is_snippet

logger = logging.getLogger(__name__)

# Comments that are instructions to tools, not to readers, stay as they are.
TOOL_COMMENTS = ("noqa", "type:", "pragma", "fmt:")
SKIPPED = {tokenize.ENCODING, tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE}


class UntokenizableCode(ValueError):
    """A Python block that Python's tokenizer rejects: its prose cannot be found."""


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
    reader reads, and what a translation may change. Raises UntokenizableCode."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError) as error:
        raise UntokenizableCode(str(error)) from None
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


# Lower case, as docutils names its nodes (literal_block): it is one.
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
        if "\n" in translated_message or "\r" in translated_message:
            logger.warning("a code comment's translation may not break the line: %r", translated_message,
                           location=self, type="i18n")
            return
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
    """Python blocks from snippets/ become commented_code nodes, before Sphinx collects or
    applies messages."""

    default_priority = 5  # before PreserveTranslatableMessages (10) and Locale (20)

    def apply(self, **kwargs):
        for block in list(self.document.findall(nodes.literal_block)):
            python = type(block) is nodes.literal_block and block.get("language") == "python"
            if python and is_snippet(block, self.config):
                try:
                    prose(block.astext())
                except UntokenizableCode as error:
                    logger.warning("Python's tokenizer rejects this code, so its comments cannot be "
                                   "translated: %s", error, location=block, type="i18n")
                    continue
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
        folders = [self.env.srcdir / folder for folder in self.config.locale_dirs]
        catalog, found = init_locale(folders, self.config.language, domain)
        if not found:
            return
        for block in blocks:
            for message in block.extract_original_messages():
                translated = catalog.gettext(message)
                if translated != message:
                    block.translate(message, translated)


def visit_commented_code(translator, node):
    HTML5Translator.visit_literal_block(translator, node)


def depart_commented_code(translator, node):
    HTML5Translator.depart_literal_block(translator, node)


def setup(app):
    app.setup_extension("ext.snippets_only")
    app.add_node(commented_code, html=(visit_commented_code, depart_commented_code))
    app.add_transform(MakeTranslatable)
    app.add_transform(TranslateCode)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
