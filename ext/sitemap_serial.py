"""sphinx-sitemap without a process of its own when the build is serial.

sphinx-sitemap gathers each page's address in a multiprocessing Manager's queue, so that the
pages parallel workers (``-j``) write reach it. A Manager starts a server process, on every
build, a no-change rebuild that writes no page included: about 40 ms of a 0.9 s rebuild on
the project's machine. A serial build gathers the addresses in a plain queue instead; a
parallel one keeps sphinx-sitemap's own Manager.
"""

import queue

import sphinx_sitemap
from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata


def gather_links(app: Sphinx) -> None:
    if app.parallel > 1:
        sphinx_sitemap.record_builder_type(app)
        return
    builder = getattr(app, "builder", None)
    if builder is None:
        return
    # what sphinx-sitemap's record_builder_type sets (it reaches the app as env.app), with a
    # queue of this process
    builder.env.is_directory_builder = type(builder).__name__ == "DirectoryHTMLBuilder"
    app.sitemap_links = queue.Queue()  # type: ignore[attr-defined]  # sphinx-sitemap's own, which it reads


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinx_sitemap")
    for listener in list(app.events.listeners["builder-inited"]):
        if listener.handler is sphinx_sitemap.record_builder_type:
            app.disconnect(listener.id)
    app.connect("builder-inited", gather_links)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
