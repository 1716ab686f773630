"""Translate what Sphinx and its extensions leave in English on a translated page.

- Tab labels (sphinx-tabs): the label node is created without a source, so Sphinx's i18n
  transform never translates it, although the gettext builder extracts it. Giving it the
  page as its source makes the catalog's translation apply.
- Code comments: a Python block included from snippets/ becomes a `commented_code` node whose
  translatable messages are its comments, one message each. The code around them is never a
  message, so a translated page shows the tested snippet with only its comments changed.
"""

import io
import tokenize
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.writers.html5 import HTML5Translator
from sphinx_tabs.tabs import SphinxTabsTab

# Comments that are instructions to tools, not to readers, stay as they are.
TOOL_COMMENTS = ("noqa", "type:", "pragma", "fmt:")


def comments(code):
    """(line, column, text) of each comment a reader would read, in order."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []  # a fragment that does not tokenise keeps its comments in English
    found = []
    for token in tokens:
        if token.type == tokenize.COMMENT:
            text = token.string[1:].strip()
            if text and not text.startswith(TOOL_COMMENTS):
                found.append((token.start[0], token.start[1], text))
    return found


class commented_code(nodes.literal_block, addnodes.translatable):
    """A code block from snippets/ whose comments, and nothing else, can be translated."""

    def preserve_original_messages(self):
        self["original_code"] = self.astext()

    def extract_original_messages(self):
        return [text for _, _, text in comments(self.get("original_code", self.astext()))]

    def apply_translated_message(self, original_message, translated_message):
        lines = self.astext().split("\n")
        for line, column, text in comments(self.astext()):
            if text == original_message:
                prefix, comment = lines[line - 1][:column], lines[line - 1][column:]
                lines[line - 1] = prefix + comment.replace(text, translated_message, 1)
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


class TidyTabLabels(SphinxTransform):
    """sphinx-tabs writes every attribute of a label into the HTML: drop the i18n bookkeeping."""

    default_priority = 990  # after every i18n transform has read it

    def apply(self, **kwargs):
        for label in self.document.findall(SphinxTabsTab):
            label.attributes.pop("translated", None)


def visit_commented_code(translator, node):
    HTML5Translator.visit_literal_block(translator, node)


def depart_commented_code(translator, node):
    HTML5Translator.depart_literal_block(translator, node)


def setup(app):
    app.add_node(commented_code, html=(visit_commented_code, depart_commented_code))
    app.add_transform(MakeTranslatable)
    app.add_transform(TidyTabLabels)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
