"""Curly quotes in Vietnamese text, as in English.

Sphinx turns straight quotes into typographic ones ("smart quotes") only for the languages
docutils knows the quotes of, and docutils does not know Vietnamese's: the Vietnamese site
kept every straight quote, its home page's title among them, where the English site shows
curly ones. Vietnamese writes “…” outside and ‘…’ inside (Unicode CLDR), as English does.
Code, literal blocks and raw HTML are left as they are, as in English.
"""

from docutils.utils.smartquotes import smartchars
from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

VIETNAMESE_QUOTES = "“”‘’"  # opening, closing double; opening, closing single


def setup(app: Sphinx) -> ExtensionMetadata:
    smartchars.quotes.setdefault("vi", VIETNAMESE_QUOTES)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
