"""The search index holds what a reader searches for: the prose, and the names a reader copies
from libraries in the code; not the recorded output of running it, the file names above the
code, or words that no search can find.

A block of recorded output (its language ``text``, ``console`` or ``pytb``: a log, a shell
session, a traceback) is full of words nobody searches for and that change with every
recording: memory addresses, task ids, timestamps, durations, thread names. Such a block gets
Sphinx's ``no-search`` class, which keeps it out of the search index; it is shown as before.
The words that matter in it are in the page's prose too (the error's text, the commands), and a
pasted traceback has its own tool: the traceback finder.

The caption of a code block names the file it shows (``inbox_watcher_broken.py``): a file of
this guide's examples, which no reader searches for. It gets the same class.

A block of Python is indexed by the names a reader would search for: what it imports
(``flask_apscheduler``, ``APScheduler``), the attributes it reads (``add_job``,
``app_context``) and the keyword arguments it passes (``sleep_time``). Its local names, strings,
comments and the names of its own functions and tests stay out, and they were most of the
search page's weight. The block gets ``no-search`` and the page a ``keywords`` meta tag with
those names, which Sphinx indexes. The tag is added once the page is resolved for HTML, after
the translation and never seen by the catalogs (Sphinx makes every meta tag a message). A
block that is no whole Python (an excerpt that does not parse) stays indexed word for word.

The index's list of section titles (``alltitles``) holds the titles that a query can match as a
title: Sphinx's search page matches one only when the whole query is in it and at least half as
long (searchtools.js). A title longer than ``LONGEST_TITLE`` characters needs a query of more
than half of it typed exactly as the heading, which readers do not type; it stays out of that
list, and its words stay in the index (``titleterms``), so a search for them still finds its
page, ranked as a title's. The builder writes the index through ``SearchIndexFormat``.

Sphinx's English index keeps a stop word that starts a sentence ("The", "When": its stop-word
check is case-sensitive), and no search can find it: the search page lower-cases a query and
drops its stop words. ``SearchEnglish`` here leaves them out.

A page for contributors, not for a reader with an error (``translating.md``), stays out whole:
``nosearch: true`` in its front matter, Sphinx's own way. Every page links to it (the
navigation; a translated page's footer too), and its words would cost every search some 900
bytes (the page budget of issue 17).
"""

import ast
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.search.en import SearchEnglish as SphinxEnglish
from sphinx.util.typing import ExtensionMetadata

OUTPUT_LANGUAGES = {"text", "console", "pytb"}
LONGEST_TITLE = 50
PYTHON = {"python", "python3", "py"}


def leave_unindexed(node: nodes.Element) -> None:
    if "no-search" not in node["classes"]:
        node["classes"].append("no-search")


def library_names(source: str) -> set[str] | None:
    """The imported modules and names, attributes and keyword arguments of a block of Python;
    None when it does not parse."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(part for alias in node.names for part in alias.name.split("."))
        elif isinstance(node, ast.ImportFrom):
            names.update((node.module or "").split("."))
            names.update(alias.name for alias in node.names if alias.name != "*")
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.keyword) and node.arg:
            names.add(node.arg)
    names.discard("")
    return names


def index_what_readers_search(app: Sphinx, doctree: nodes.document) -> None:
    for block in doctree.findall(nodes.literal_block):
        language = block.get("language")
        if language in OUTPUT_LANGUAGES:
            leave_unindexed(block)
        elif language in PYTHON:
            names = library_names(block.astext())
            if names is not None:
                leave_unindexed(block)
                block["search_names"] = sorted(names)
    for caption in doctree.findall(nodes.caption):
        if isinstance(caption.parent, nodes.container) and caption.parent.get("literal_block"):
            leave_unindexed(caption)


def add_search_names(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    names: set[str] = set()
    for block in doctree.findall(nodes.literal_block):
        names.update(block.get("search_names", ()))
    if names:
        doctree += nodes.meta(name="keywords", content=", ".join(sorted(names)))


class SearchIndexFormat:
    """The builder's format of the search index (Sphinx's ``js_index``), writing ``alltitles``
    without the titles no query reaches as a title."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def dumps(self, data: dict[str, Any]) -> str:
        titles = {title: places for title, places in data["alltitles"].items() if len(title) <= LONGEST_TITLE}
        return self.inner.dumps({**data, "alltitles": titles})

    def dump(self, data: dict[str, Any], f: Any) -> None:
        f.write(self.dumps(data))

    def loads(self, text: str) -> Any:
        return self.inner.loads(text)

    def load(self, f: Any) -> Any:
        return self.inner.load(f)


def write_titles_readers_reach(app: Sphinx) -> None:
    if isinstance(app.builder, StandaloneHTMLBuilder) and app.builder.indexer_dumps_unicode:
        app.builder.indexer_format = SearchIndexFormat(app.builder.indexer_format)


class SearchEnglish(SphinxEnglish):
    def word_filter(self, word: str) -> bool:
        return super().word_filter(word) and word.lower() not in self.stopwords


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_search_language(SearchEnglish)
    app.connect("doctree-read", index_what_readers_search)
    app.connect("doctree-resolved", add_search_names)
    app.connect("builder-inited", write_titles_readers_reach)
    return {"version": "1.0", "env_version": 3, "parallel_read_safe": True, "parallel_write_safe": True}
