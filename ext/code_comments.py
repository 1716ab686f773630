"""Translate the comments and the one-line docstrings of code blocks, and nothing else.

A Python or TOML block included from snippets/ becomes a ``commented_code`` node, whose
translatable messages are its prose, one message each:

- Python: its comments, and its one-line docstrings (three double quotes on one line, alone as
  the first statement of the module, of a function or of a class: the summary a snippet starts
  with, what a function does); no other string, since a string is data the code uses.
- TOML: its whole-line comments, in a block without multi-line strings (where a line that
  starts with ``#`` may be data); a translated block must still read as the same data.

The code around them is never a message, so a translated page shows the tested snippet with
only that prose changed. A translation can never add a line of code: the catalog guard refuses
a message with a line break its source does not have, and this module applies none either; a
docstring's translation may hold no ``"`` or ``\\``, which could end or change the string.
"""

import functools
import io
import tokenize
from typing import Any

import tomllib
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain
from sphinx.util.typing import ExtensionMetadata
from sphinx.writers.html5 import HTML5Translator

from ext.snippets_only import is_snippet

logger = logging.getLogger(__name__)

# Comments that are instructions to tools, not to readers, stay as they are.
TOOL_COMMENTS = ("noqa", "type:", "pragma", "fmt:")
SKIPPED = {tokenize.ENCODING, tokenize.COMMENT, tokenize.NL}
STATEMENT_ENDS = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}


class UntokenizableCode(ValueError):
    """A block that its language's reader rejects: its prose cannot be found."""


def one_line_docstring(token):
    return (token.type == tokenize.STRING and token.start[0] == token.end[0]
            and token.string.startswith('"""') and token.string.endswith('"""') and len(token.string) >= 6)


def opens_function_or_class(statement):
    """Whether the tokens of a logical line are the header of a def, async def or class."""
    words = [t.string for t in statement[:2] if t.type == tokenize.NAME]
    return words[:1] in (["def"], ["class"]) or words == ["async", "def"]


def docstrings(tokens):
    """The tokens of the one-line docstrings: the module's, each function's and each class's.

    A docstring is a string alone on its logical line, as the first statement of the module
    or right after the header of a def or class that opens an indented body."""
    statements = [t for t in tokens if t.type not in SKIPPED]  # NEWLINE, INDENT, DEDENT kept
    found = set()
    for index, token in enumerate(statements):
        alone = index + 1 < len(statements) and statements[index + 1].type == tokenize.NEWLINE
        if not (one_line_docstring(token) and alone):
            continue
        if index == 0:
            found.add(token)
            continue
        body = index >= 3 and statements[index - 1].type == tokenize.INDENT
        body = body and statements[index - 2].type == tokenize.NEWLINE and statements[index - 3].string == ":"
        if body:
            start = index - 3
            while start > 0 and statements[start - 1].type not in STATEMENT_ENDS:
                start -= 1
            if opens_function_or_class(statements[start:index - 2]):
                found.add(token)
    return found


def docstring_problem(translation):
    """Why a docstring's translation cannot take the docstring's place, or None (the build and
    the translators' check both ask this)."""
    if '"' in translation or "\\" in translation:
        return "a docstring's translation may hold no \" or \\ (they could end or change the string)"
    return None


def docstring_messages(code):
    """The messages of a Python module's one-line docstrings."""
    tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    return {text for token in docstrings(tokens) if (text := token.string[3:-3].strip()) and "\\" not in text}


def python_prose(code):
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError) as error:
        raise UntokenizableCode(str(error)) from None
    documented = docstrings(tokens)
    found = []
    for token in tokens:
        if token.type == tokenize.COMMENT:
            text = token.string[1:].strip()
            if text and not text.startswith(TOOL_COMMENTS):
                found.append((token.start[0], token.start[1], text))
        elif token in documented:
            text = token.string[3:-3].strip()
            if text and "\\" not in text:
                found.append((token.start[0], token.start[1], text))
    return found


def toml_prose(code):
    try:
        tomllib.loads(code)
    except tomllib.TOMLDecodeError as error:
        raise UntokenizableCode(str(error)) from None
    if '"""' in code or "'''" in code:
        return []  # a line of a multi-line string may start with "#": leave the block alone
    found = []
    for number, line in enumerate(code.split("\n"), start=1):
        stripped = line.lstrip()
        if stripped.startswith("#"):
            text = stripped[1:].strip()
            if text:
                found.append((number, len(line) - len(stripped), text))
    return found


# How each language's prose is found: (line, column, text) of each piece, in order.
PROSE = {"python": python_prose, "toml": toml_prose}


@functools.lru_cache(maxsize=256)  # a block is read for its messages, then for each translation
def prose(code, language="python"):
    """(line, column, text) of each comment and docstring, in order: what a reader reads, and
    what a translation may change. Raises UntokenizableCode."""
    return tuple(PROSE[language](code))


def same_data(language, before, after):
    """Whether a translated TOML block still holds exactly the data of its source."""
    if language != "toml":
        return True
    try:
        return tomllib.loads(after) == tomllib.loads(before)
    except tomllib.TOMLDecodeError:
        return False


# Lower case, as docutils names its nodes (literal_block): it is one.
class commented_code(nodes.literal_block, addnodes.translatable):
    """A code block from snippets/ whose comments and docstrings, and nothing else, can be translated."""

    def preserve_original_messages(self):
        self["original_code"] = self.astext()

    @property
    def code_language(self):
        return self.get("language", "python")

    def extract_original_messages(self):
        return [text for _, _, text in prose(self.get("original_code", self.astext()), self.code_language)]

    def apply_translated_message(self, original_message, translated_message):
        """Called by Sphinx's Locale transform, which may skip some messages: TranslateCode
        applies them all instead."""

    def translate(self, original_message, translated_message):
        if "\n" in translated_message or "\r" in translated_message:
            logger.warning("a code comment's translation may not break the line: %r", translated_message,
                           location=self, type="i18n")
            return
        before = self.astext()
        lines = before.split("\n")
        for line, column, text in prose(before, self.code_language):
            if text == original_message:
                prefix, prose_on_line = lines[line - 1][:column], lines[line - 1][column:]
                if prose_on_line.startswith('"""') and (problem := docstring_problem(translated_message)):
                    logger.warning("%s: %r", problem, translated_message, location=self, type="i18n")
                    continue
                lines[line - 1] = prefix + prose_on_line.replace(text, translated_message, 1)
        code = "\n".join(lines)
        if not same_data(self.code_language, before, code):
            logger.warning("a comment's translation may not change the data of its block: %r", translated_message,
                           location=self, type="i18n")
            return
        self.rawsource = code  # Sphinx only highlights a block whose rawsource is its text
        self.children = [nodes.Text(code)]


class MakeTranslatable(SphinxTransform):
    """Python and TOML blocks from snippets/ become commented_code nodes, before Sphinx collects
    or applies messages."""

    default_priority = 5  # before PreserveTranslatableMessages (10) and Locale (20)

    def apply(self, **kwargs: Any) -> None:
        for block in list(self.document.findall(nodes.literal_block)):
            language = block.get("language")
            if type(block) is nodes.literal_block and language in PROSE and is_snippet(block, self.config):
                try:
                    prose(block.astext(), language)
                except UntokenizableCode as error:
                    reader = "Python's tokenizer" if language == "python" else f"The {language.upper()} reader"
                    logger.warning("%s rejects this code, so its comments cannot be translated: %s", reader, error,
                                   location=block, type="i18n")
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

    def apply(self, **kwargs: Any) -> None:
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


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("ext.snippets_only")
    app.add_node(commented_code, html=(visit_commented_code, depart_commented_code))
    app.add_transform(MakeTranslatable)
    app.add_transform(TranslateCode)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
