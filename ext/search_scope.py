"""The search index holds what a reader searches for: the prose and the code they copy, not
the recorded output of running it.

A block of recorded output (its language ``text``, ``console`` or ``pytb``: a log, a shell
session, a traceback) is full of words nobody searches for and that change with every
recording: memory addresses, task ids, timestamps, durations, thread names. Such a block gets
Sphinx's ``no-search`` class, which keeps it out of the search index; it is shown as before.
The words that matter in it are in the page's prose too (the error's text, the commands), and a
pasted traceback has its own tool: the traceback finder.
"""

from docutils import nodes

OUTPUT_LANGUAGES = {"text", "console", "pytb"}


def leave_output_unindexed(app, doctree):
    for block in doctree.findall(nodes.literal_block):
        if block.get("language") in OUTPUT_LANGUAGES and "no-search" not in block["classes"]:
            block["classes"].append("no-search")


def setup(app):
    app.connect("doctree-read", leave_output_unindexed)
    return {"version": "1.0", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
