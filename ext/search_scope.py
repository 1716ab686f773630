"""The search index holds what a reader searches for: the prose and the code they copy, not
the recorded output of running it, nor the file names above the code.

A block of recorded output (its language ``text``, ``console`` or ``pytb``: a log, a shell
session, a traceback) is full of words nobody searches for and that change with every
recording: memory addresses, task ids, timestamps, durations, thread names. Such a block gets
Sphinx's ``no-search`` class, which keeps it out of the search index; it is shown as before.
The words that matter in it are in the page's prose too (the error's text, the commands), and a
pasted traceback has its own tool: the traceback finder.

The caption of a code block names the file it shows (``inbox_watcher_broken.py``): a file of
this guide's examples, which no reader searches for. It gets the same class.
"""

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

OUTPUT_LANGUAGES = {"text", "console", "pytb"}


def leave_unindexed(node):
    if "no-search" not in node["classes"]:
        node["classes"].append("no-search")


def leave_output_unindexed(app: Sphinx, doctree: nodes.document) -> None:
    for block in doctree.findall(nodes.literal_block):
        if block.get("language") in OUTPUT_LANGUAGES:
            leave_unindexed(block)
    for caption in doctree.findall(nodes.caption):
        if isinstance(caption.parent, nodes.container) and caption.parent.get("literal_block"):
            leave_unindexed(caption)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("doctree-read", leave_output_unindexed)
    return {"version": "1.0", "env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}
