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
- About half of the messages are plain text: one line that starts with a letter and has none
  of the characters MyST's syntax (with this site's extensions) starts with. MyST makes one
  paragraph holding that very text of each; it is made here without a parse. Any other
  message, or any other MyST syntax extension switched on, is parsed as before.
"""

import copy
import functools
import re

import myst_parser
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.utils import DependencyList, new_document
from myst_parser.mdit_to_docutils import base
from myst_parser.parsers import sphinx_
from sphinx.transforms import i18n
from sphinx.util import get_filetype, logging

logger = logging.getLogger(__name__)


@functools.lru_cache(maxsize=None)
def default_settings(parser_cls):
    return get_default_settings(parser_cls)


def make_document(source_path="notset", parser_cls=base.RSTParser):
    """Same as MyST's make_document, with the default settings made once per parser class."""
    settings = copy.copy(default_settings(parser_cls))
    settings.record_dependencies = DependencyList()  # the one mutable default: not shared
    return new_document(source_path, settings=settings)


# (id of a MyST configuration, renderer class) -> (that configuration, parsers not in use)
_idle_parsers = {}


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


# Characters that may start markup inside a line of MyST: escapes, code, emphasis, links and
# images, autolinks and HTML, roles and substitutions, tables, strikethrough, math, entities.
# Markup that needs the start of a line (headings, lists, quotes, blocks, fences, field and
# definition lists) cannot start a message that starts with a letter.
MARKUP = re.compile(r"[\\`*_\[\]<>{}|~$&\n]")
# The MyST syntax extensions that read nothing more inside such a line (linkify, replacements,
# smartquotes and the like do, and switch the shortcut off).
PLAIN_SAFE_EXTENSIONS = {"colon_fence", "deflist", "fieldlist", "substitution"}


def is_plain(source, config):
    """True for a message MyST reads as one paragraph of that very text."""
    return (source[:1].isalpha() and source == source.strip() and not MARKUP.search(source)
            and set(config.myst_enable_extensions) <= PLAIN_SAFE_EXTENSIONS)


def plain_paragraph(source, source_path, source_line, settings):
    """The paragraph MyST's parse of a plain message gives (is_plain), made directly."""
    document = new_document(f"{source_path}:{source_line}:<translated>", settings)
    paragraph = nodes.paragraph(source)
    paragraph.line = document.current_line = 1  # as MyST numbers the message's first line
    paragraph.source = document["source"]
    document.append(paragraph)
    paragraph.append(nodes.Text(source))
    document.current_source = document.current_line = None  # as Sphinx leaves a parsed message
    return paragraph


def publish_once(publish):
    """Sphinx's _publish_msgstr, remembering its last results: a parse asked for again (the
    same text at the same place of the same page) gets a copy of the result; a plain message
    of a MyST page is not parsed at all."""
    recent = {}

    def publish_msgstr(source, source_path, source_line, **context):
        config = context["config"]
        if is_plain(source, config) and get_filetype(config.source_suffix, source_path) == "markdown":
            return plain_paragraph(source, source_path, source_line, context["settings"])
        key = (source, source_path, source_line, id(context.get("env")))
        if key not in recent:
            if len(recent) > 512:  # a page's messages; the next page asks for its own
                recent.clear()
            recent[key] = publish(source, source_path, source_line, **context)
        return recent[key].deepcopy()

    publish_msgstr.__wrapped__ = publish
    return publish_msgstr


# The MyST releases whose internals these replacements were written for and tested on.
TESTED_MYST = range(4, 6)


def setup(app):
    if int(myst_parser.__version__.split(".")[0]) not in TESTED_MYST:
        logger.info("myst_i18n_speed: MyST-Parser %s is newer than the releases it was written for; "
                    "translated builds run at MyST's own speed", myst_parser.__version__)
        return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
    base.make_document = make_document
    sphinx_.create_md_parser = create_md_parser
    if not hasattr(i18n._publish_msgstr, "__wrapped__"):
        i18n._publish_msgstr = publish_once(i18n._publish_msgstr)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
