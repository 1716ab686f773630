"""Every code block on the site is included from a file under ``snippets/``.

A ``literalinclude`` records the file it read in the literal block's ``source`` attribute; a
code fence written in a page has none. Any other literal block gets a warning naming the page
and line, which ``-W`` turns into a failed build. Snippets are what the tests execute, so this
is what keeps every block on the site tested.
"""

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)


def is_snippet(block, config):
    """Whether a literal block was read from a file under `snippets_dir`."""
    source = block.get("source")
    return bool(source) and Path(source).resolve().is_relative_to(Path(config.snippets_dir).resolve())


def check_code_blocks(app: Sphinx, doctree: nodes.document) -> None:
    for block in doctree.findall(nodes.literal_block):
        if not is_snippet(block, app.config):
            logger.warning(
                "code block is not included from %s/: move it into a snippet and use literalinclude",
                Path(app.config.snippets_dir).name,
                location=block,
                type="snippets",
            )


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("snippets_dir", "snippets", "env", types=[str])
    app.connect("doctree-read", check_code_blocks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
