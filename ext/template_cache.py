"""Keep the HTML templates compiled between builds.

Sphinx compiles its Jinja templates (the theme's layout, the search page that every build
writes again) from source in each run; on a build where no page changed that is a good part
of the time left once Python has started. Jinja's own bytecode cache keeps the compiled
templates next to the doctrees, keyed by template and checked against the source.
"""

from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata


def use_cache(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    if templates is None or not hasattr(templates, "environment"):
        return  # a builder without Jinja templates
    folder = Path(app.doctreedir, "jinja")
    folder.mkdir(parents=True, exist_ok=True)
    templates.environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("builder-inited", use_cache)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
