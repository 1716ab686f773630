"""Make a translated MyST build about as fast as the source-language one.

Sphinx parses every translated message as a small document of its own. For each one,
MyST's renderer evaluates ``options.get("document", make_document())``: the default is
built even though Sphinx passes a document, and ``make_document`` asks docutils for its
default settings, which builds a whole option parser each time (about half the time of a
Vietnamese build). The default settings never change within a build, so they are made once
here; the throwaway document still gets its own copy.
"""

import copy
import functools

from docutils.frontend import get_default_settings
from docutils.utils import DependencyList, new_document
from myst_parser.mdit_to_docutils import base


@functools.lru_cache(maxsize=None)
def default_settings(parser_cls):
    return get_default_settings(parser_cls)


def make_document(source_path="notset", parser_cls=base.RSTParser):
    """Same as MyST's make_document, with the default settings made once per parser class."""
    settings = copy.copy(default_settings(parser_cls))
    settings.record_dependencies = DependencyList()  # the one mutable default: not shared
    return new_document(source_path, settings=settings)


def setup(app):
    base.make_document = make_document
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
