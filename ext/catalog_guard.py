"""A translation is data: only translations that add nothing to their source reach the build.

Translators' catalogs come from people we may not know, and a build (``nox -s docs``, Read the
Docs) trusts nothing in them. Before a translated build reads a page, every catalog of its
language is checked here, and compiled here (``.mo``) from the messages that passed:

- The file: UTF-8, every line a comment, a keyword with a closed string or a continuation (Sphinx
  reads catalogs with babel, which only prints its complaints and even accepts an unclosed
  string); the charset and plural forms declared; no message twice; a catalog for each page and
  a page for each catalog (``sphinx.po`` is the interface's). A broken catalog is not used at all.
- Each message of a page, parsed as MyST (the parser the pages use): the translation must have
  exactly the source's markup (the same inline code, roles and their targets, link and image
  targets, substitutions, raw HTML, directives, emphasis, blocks) and no line break the source
  does not have. Text is free; nothing else is.
- Each message of ``sphinx.po``, which templates insert as HTML: exactly the source's tags and
  entities, no other ``<``, ``>`` or ``&``, and the same placeholders (``%(name)s``, ``${name}``).

Each refusal is a warning naming the catalog, the line and the message (``-W`` fails the build),
and the refused message is left out of the compiled catalog, so the page shows the English it
was checked against; a broken catalog is compiled empty. A sound catalog is remembered by its
content, next to the doctrees, so a rebuild checks only catalogs that changed; a refused one is
checked, and reported, every time.
"""

import gettext
import hashlib
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, PoFileParser
from babel.messages.catalog import Catalog
from sphinx import locale, package_dir
from sphinx.util import logging

from ext.languages import source_language

logger = logging.getLogger(__name__)

GUARD_VERSION = "1"  # part of what a remembered catalog was checked with
INTERFACE = "sphinx"  # the interface catalog: Sphinx's domain, not a page

# Each line of a .po file: blank, a comment (flags, obsolete entries), a keyword with a string,
# or a string that continues the one above. Strings are closed, their escapes complete.
STRING = r'"(?:[^"\\]|\\.)*"'
PO_LINE = re.compile(
    rf"\s*|#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+{STRING}[ \t]*|{STRING}[ \t]*"
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\$\{\w+\}|\{\w*\}")
TAG_OR_ENTITY = re.compile(r"<[^<>]*>|&#?\w+;")


class CatalogProblem(Exception):
    def __init__(self, line, message):
        super().__init__(message)
        self.line = line


class StrictParser(PoFileParser):
    """babel's parser, failing on what it would print and go on with, and on a message twice."""

    def _invalid_pofile(self, line, lineno, msg):
        raise CatalogProblem(lineno + 1, msg)

    def _add_message(self):
        ids = [m.denormalize() for m in self.messages]
        msgid = tuple(ids) if len(ids) > 1 else ids[0]
        key = self.catalog._key_for(msgid, self.context.denormalize() if self.context else None)
        if not self.obsolete and key in self.catalog._messages:
            first = self.catalog._messages[key].lineno
            raise CatalogProblem(self.offset + 1, f"this message is already in the catalog, line {first}")
        super()._add_message()


def read_catalog(po, language):
    """The babel Catalog of a .po file; raises CatalogProblem naming the line."""
    data = po.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        raise CatalogProblem(1, "the file starts with a byte order mark: save it as UTF-8 without one")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CatalogProblem(line, "not UTF-8: save the file as UTF-8") from None
    for number, line in enumerate(text.splitlines(), 1):
        if not PO_LINE.fullmatch(line):
            raise CatalogProblem(number, f"not a comment, keyword or closed string: {line!r}")
    catalog = Catalog(locale=language)
    try:
        StrictParser(catalog, ignore_obsolete=True, abort_invalid=True).parse(text.splitlines(keepends=True))
    except PoFileError as error:  # babel counts lines from 0 and ends its message "on N"
        raise CatalogProblem(error.lineno + 1, str(error).rsplit(" on ", 1)[0]) from None
    # babel fills in defaults for a header the file lacks: read what the file itself declares
    header = text.split("\n\n", 1)[0]
    if not re.search(r'^"Content-Type: text/plain; charset=UTF-8\\n"$', header, re.MULTILINE | re.IGNORECASE):
        raise CatalogProblem(header_line(text, "Content-Type"),
                             'the header must declare "Content-Type: text/plain; charset=UTF-8\\n"')
    # the rule is an arithmetic expression of n, which the search page runs as JavaScript
    if not re.search(r'^"Plural-Forms: nplurals=\d+; plural=[n0-9 %<>=!&|?:()]+;?\\n"$', header, re.MULTILINE):
        raise CatalogProblem(header_line(text, "Plural-Forms"),
                             'the header must declare its plural rule, '
                             '"Plural-Forms: nplurals=N; plural=EXPRESSION;\\n", '
                             "EXPRESSION made of n, numbers and operators")
    return catalog


def header_line(text, field):
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(f'"{field}:'):
            return number
    return 1


# -- Comparing a translation with its source ------------------------------------------------------


WORDS = {"text", "softbreak", "inline"}  # a translation changes these freely


def signature(token):
    """What of a markdown-it token a translation must keep, or None for words: its kind, and
    what decides where it leads or what it shows as it is (a target, code, a name)."""
    if token.type in WORDS:
        return None
    if token.type == "myst_role":  # {doc}`a title <target>`: the title is prose, the target is not
        target = re.search(r"<([^<>]*)>\s*$", token.content)
        return ("role", f"{{{token.meta.get('name')}}}`{target[1] if target else token.content}`")
    if token.type == "link_open":
        return ("link", token.attrGet("href"))
    if token.type == "image":
        return ("image", token.attrGet("src"))
    if token.type.endswith(("_open", "_close")):
        return (token.type, token.tag)
    return (token.type, token.info + token.content)  # code, HTML, substitutions, fences, math: verbatim


def markup(tokens):
    """The signatures of every token of a message, children included: its markup, less its words."""
    found = Counter()
    for token in tokens:
        if (mark := signature(token)) is not None:
            found[mark] += 1
        found.update(markup(token.children or []))
    return found


def describe(mark):
    kind, detail = mark
    return f"{kind.removesuffix('_open').replace('_', ' ')} {detail!r}"


def markdown_problem(md, msgid, msgstr):
    source, translation = markup(md.parse(msgid)), markup(md.parse(msgstr))
    added, dropped = translation - source, source - translation
    if not (added or dropped):
        return None
    parts = [f"{verb} {', '.join(describe(mark) for mark in marks)}"
             for verb, marks in (("adds", added), ("drops", dropped)) if marks]
    return "its markup differs from the source: " + "; ".join(parts)


class Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.found = Counter()

    def handle_starttag(self, tag, attrs):
        self.found[("<", tag, tuple(attrs))] += 1

    def handle_endtag(self, tag):
        self.found[("</", tag)] += 1

    def handle_entityref(self, name):
        self.found[("&", name)] += 1

    def handle_charref(self, name):
        self.found[("&#", name)] += 1


def tags(text):
    parser = Tags()
    parser.feed(text)
    parser.close()
    return parser.found


def interface_problem(msgid, msgstr):
    if tags(msgstr) != tags(msgid) or any(c in TAG_OR_ENTITY.sub("", msgstr) for c in "<>&"):
        return ("an interface translation holds exactly the HTML tags and entities of its source, "
                "and no other <, > or &")
    return None


def message_problem(md, msgid, msgstr):
    """Why a translation may not be used, or None. `md` is None for the interface catalog."""
    if msgstr.count("\n") > msgid.count("\n") or "\r" in msgstr:
        return "a line break that the source does not have"
    if md is not None:
        return markdown_problem(md, msgid, msgstr)
    if Counter(PLACEHOLDER.findall(msgstr)) != Counter(PLACEHOLDER.findall(msgid)):
        return "its placeholders (such as ${resultCount} or %(name)s) differ from the source"
    return interface_problem(msgid, msgstr)


def entry_problems(catalog, md):
    """(message, problem) of each translated entry that may not be used."""
    for message in catalog:
        if not message.id or "fuzzy" in message.flags:
            continue
        pairs = [(message.id, message.string)]
        if message.pluralizable:
            # Form 0 translates the singular, unless the language has one form for every count.
            singular, plural = message.id[0], message.id[1]
            pairs = [(singular if i == 0 and catalog.num_plurals > 1 else plural, form)
                     for i, form in enumerate(message.string)]
        for msgid, msgstr in pairs:
            if msgstr and (problem := message_problem(md, msgid, msgstr)):
                yield message, problem
                break


# -- The build ------------------------------------------------------------------------------------


def markdown_parser(config):
    """A markdown-it parser with MyST's syntax, as configured (an MdParserConfig)."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(config, RendererHTML)


def project_parser(app):
    from myst_parser.config.main import MdParserConfig

    values = {
        name: app.config[f"myst_{name}"]
        for name, _, field in MdParserConfig().as_triple()
        if "sphinx" not in field.metadata.get("omit", [])
    }
    return markdown_parser(MdParserConfig(**values))


def pages(app):
    """{catalog name: source file} of the project's documents."""
    suffixes, source = tuple(app.config.source_suffix), Path(app.srcdir)
    return {
        path.relative_to(source).with_suffix("").as_posix(): path
        for path in source.rglob("*")
        if path.suffix in suffixes and not any(part.startswith(("_", ".")) for part in path.relative_to(source).parts)
    }


def guard_catalogs(app, config):
    app.guide_filtered_catalogs = {}  # .mo file -> what it holds, for catalogs with refusals
    if config.language == source_language(config):
        return
    record = Path(app.doctreedir, "sound-catalogs.json")
    try:
        known = set(json.loads(record.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        known = set()
    sound, md, interface_changed = set(), None, False
    documents = pages(app)
    for folder in config.locale_dirs:
        messages_dir = Path(app.srcdir, folder, config.language, "LC_MESSAGES")
        catalogs = sorted(messages_dir.glob("**/*.po"))
        names = {po.relative_to(messages_dir).with_suffix("").as_posix() for po in catalogs}
        for page in sorted(documents.keys() - names):
            logger.warning("no %s catalog for this page: it would show in English (nox -s catalogs makes it)",
                           config.language, location=f"{documents[page]}:1", type="i18n")
        for po in catalogs:
            name = po.relative_to(messages_dir).with_suffix("").as_posix()
            mo = po.with_suffix(".mo")
            if name != INTERFACE and name not in documents:
                logger.warning("this catalog belongs to no page: git rm it, or rename it after its page",
                               location=f"{po}:1", type="i18n")
                mo.unlink(missing_ok=True)
                continue
            digest = hashlib.sha256(GUARD_VERSION.encode() + po.read_bytes()).hexdigest()
            if name == INTERFACE:
                # Every page's template uses it: a change must rewrite every page (an "html"
                # config value that changes makes Sphinx do that).
                config.guide_interface_catalog = digest
            if digest in known and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
                sound.add(digest)
                continue
            try:
                catalog = read_catalog(po, config.language)
            except CatalogProblem as problem:
                logger.warning("broken catalog, not used: %s", problem, location=f"{po}:{problem.line}", type="i18n")
                # An empty compiled catalog, newer than the file: Sphinx, which would compile
                # what it can of the file, finds it up to date, and the page shows English.
                empty = Catalog(locale=config.language)
                compile_catalog(mo, empty)
                app.guide_filtered_catalogs[mo] = empty
                interface_changed |= name == INTERFACE
                continue
            if name != INTERFACE and md is None:
                md = project_parser(app)
            refused = list(entry_problems(catalog, None if name == INTERFACE else md))
            for message, problem in refused:
                logger.warning("translation refused, the English is shown instead: %s (msgid %r)", problem,
                               message.id if isinstance(message.id, str) else message.id[0],
                               location=f"{po}:{message.lineno}", type="i18n")
                del catalog[message.id]
            for message in list(catalog):
                if message.id and "fuzzy" in message.flags:
                    del catalog[message.id]  # as Sphinx compiles: fuzzy translations are not used
            compile_catalog(mo, catalog)
            if refused:
                app.guide_filtered_catalogs[mo] = catalog
            else:
                sound.add(digest)
            interface_changed |= name == INTERFACE
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(sorted(sound)), encoding="utf-8")
    if interface_changed:
        reload_interface(app)


def compile_catalog(mo, catalog):
    """Write a .mo file, and forget any copy of it that Python's gettext keeps by file name
    (a copy read before this build's check, in this process)."""
    with mo.open("wb") as f:
        write_mo(f, catalog)
    for key in [key for key in gettext._translations if Path(key[1]) == mo.resolve()]:
        del gettext._translations[key]


def reload_interface(app):
    """Sphinx loaded the interface catalog before any extension ran: load what passed instead."""
    locale.translators.pop(("general", "sphinx"), None)
    dirs = [Path(app.srcdir, folder) for folder in app.config.locale_dirs] + [None, Path(package_dir, "locale")]
    app.translator, _ = locale.init(dirs, app.config.language)


def recompile_refused(app, env, docnames):
    """Sphinx compiles out-of-date catalogs (all of them with -a) after the check: write again
    the catalogs that had refused messages, without them, before any page reads them."""
    for mo, catalog in app.guide_filtered_catalogs.items():
        compile_catalog(mo, catalog)


def setup(app):
    app.setup_extension("ext.languages")  # guide_languages
    app.add_config_value("guide_interface_catalog", "", "html", types=[str])  # set by guard_catalogs
    app.connect("config-inited", guard_catalogs, priority=800)
    app.connect("env-before-read-docs", recompile_refused)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
