"""Make a translated MyST build about as fast as the source-language one.

Sphinx parses every translated message as a small document of its own (about 900 on the
Vietnamese site), and MyST prepares each of those parses as if it were the first:

- ``options.get("document", make_document())`` in MyST's renderer evaluates its default
  even though Sphinx passes a document, and ``make_document`` asks docutils for its default
  settings, which builds a whole option parser each time. The default settings never change
  within a build, so they are made once here; the throwaway document still gets its own copy.
- ``MystParser.parse`` builds a new markdown-it parser, with every plugin and a new renderer,
  for each message. A parser is reused here for the same MyST configuration once its previous
  render has finished; a parse that starts while another is under way gets a parser of its own.
  The renderer sets up all of its per-document state at the start of each render.
- Sphinx's Locale transform parses each translated paragraph twice, in its first pass (to
  see whether it is a title whose references need renaming) and again in its second. The
  second gets a copy of the first's result: same message, same place, same parse.
"""

import copy
import functools
from typing import Any

import myst_parser
from docutils.frontend import get_default_settings
from docutils.utils import DependencyList, new_document
from myst_parser.mdit_to_docutils import base
from myst_parser.parsers import sphinx_
from sphinx.application import Sphinx
from sphinx.transforms import i18n
from sphinx.util import logging
from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)


@functools.cache
def default_settings(parser_cls):
    return get_default_settings(parser_cls)


def make_document(source_path="notset", parser_cls=base.RSTParser):
    """Same as MyST's make_document, with the default settings made once per parser class."""
    settings = copy.copy(default_settings(parser_cls))
    settings.record_dependencies = DependencyList()  # the one mutable default: not shared
    return new_document(source_path, settings=settings)


# (id of a MyST configuration, renderer class) -> (that configuration, parsers not in use)
_idle_parsers: dict[tuple[int, type], tuple[Any, list[Any]]] = {}


def create_md_parser(config, renderer, create=sphinx_.create_md_parser):
    """A markdown-it parser for this configuration: an idle one if there is one, else a new one."""
    key = (id(config), renderer)
    if key not in _idle_parsers or _idle_parsers[key][0] is not config:  # ids are reused
        _idle_parsers[key] = (config, [])
    idle = _idle_parsers[key][1]
    if idle:
        return idle.pop()
    parser = create(config, renderer)
    render = parser.render

    def render_then_release(src, env=None):
        try:
            return render(src, env)
        finally:
            idle.append(parser)

    parser.render = render_then_release
    return parser


def publish_once(publish):
    """Sphinx's _publish_msgstr, remembering its last results: a parse asked for again (the
    same text at the same place of the same page) gets a copy of the result."""
    recent: dict[tuple[Any, ...], Any] = {}

    @functools.wraps(publish)  # its __wrapped__: setup() wraps Sphinx's function once
    def publish_msgstr(source, source_path, source_line, **context):
        key = (source, source_path, source_line, id(context.get("env")))
        if key not in recent:
            if len(recent) > 512:  # a page's messages; the next page asks for its own
                recent.clear()
            recent[key] = publish(source, source_path, source_line, **context)
        return recent[key].deepcopy()

    return publish_msgstr


# The MyST releases whose internals these replacements were written for and tested on.
TESTED_MYST = range(4, 6)


def setup(app: Sphinx) -> ExtensionMetadata:
    if int(myst_parser.__version__.split(".")[0]) not in TESTED_MYST:
        logger.info("myst_i18n_speed: MyST-Parser %s is newer than the releases it was written for; "
                    "translated builds run at MyST's own speed", myst_parser.__version__)
        return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
    base.make_document = make_document
    sphinx_.create_md_parser = create_md_parser
    if not hasattr(i18n._publish_msgstr, "__wrapped__"):
        i18n._publish_msgstr = publish_once(i18n._publish_msgstr)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
