"""A translation is data: only translations that add nothing to their source reach the build.

Translators' catalogs come from people we may not know, and a build (``nox -s docs``, Read the
Docs) trusts nothing in them. One rule for everything under ``locale/``: it is text, checked
before use, and only what passed is used. Before a translated build reads a page, every catalog
of its language is checked here, and what passed is written, as ``.po`` and ``.mo``, into the
build's own folder (``<doctrees>/catalogs/``), the only one Sphinx reads: conf.py gives the
catalogs' folder as ``guide_catalog_dirs`` and leaves ``locale_dirs`` empty, so Sphinx, which
compiles and loads the interface catalog before any extension runs, never reads the
repository's. A ``.mo`` in the repository, committed or left by an older build, is never read
(one without its ``.po`` is reported).

- The file: a plain file of the repository (no symbolic link, device or pipe, nothing outside
  the catalogs' folder), at most 128 KB; UTF-8, every line a comment, a keyword with a closed
  string or a continuation (Sphinx reads catalogs with babel, which only prints its complaints
  and even accepts an unclosed string); no message twice; a catalog for each page and a page
  for each catalog (``sphinx.po`` is the interface's, required with ``guide_interface_required``).
- The header, read strictly: one ``Field: value`` a line, each field once, known fields only, no
  folded line (babel keeps the last of two Plural-Forms, which the search page runs as code);
  the charset UTF-8, the plural rule an arithmetic expression of n.
- Each message of a page, parsed as MyST (the parser the pages use): the translation must have
  exactly the source's markup (the same inline code, roles and their targets, link and image
  targets and titles, substitutions, raw HTML, directives, emphasis, blocks) and no line break
  the source does not have. Text is free; nothing else is.
- Each message of ``sphinx.po``, which templates insert unescaped in HTML text, attributes and
  scripts: exactly the source's tags and entities, no other ``<``, ``>`` or ``&``, the same
  placeholders (``%(name)s``, ``${name}``), and none of ``" ' ` \\ $ { } % =`` that the source
  does not have; a plural entry only where Sphinx's template has one, with its msgid_plural.
- In every message, what a reviewer cannot see or would misread, unless the source has it: an
  invisible or control character (zero-width, bidirectional controls), a letter or digit from
  outside the language's alphabet (a Cyrillic а in an address), a sign that folds to ASCII
  punctuation, text not in NFC, and an address or file name (``host.tld``, ``scheme://``).
- Each comment and docstring of a snippet: the same commands, paths, identifiers and options
  as its source (each word with a sign of code in it), and no command name the source lacks.
- Limits, which also bound the check's time: a source of at most 2,000 characters and 120
  markup characters, a translation at most three times its source's length plus 100.

The rules above are the code's, one function each: the set of catalogs ``find_catalogs``, the
file ``read_bytes`` and ``read_catalog``, the header ``check_header``, each message
``message_problem`` (``markdown_problem``, ``interface_problem``, ``hidden_problem``,
``comment_problem``), the limits at the top of the module. A translated build runs three steps,
which ``guard_catalogs`` strings together: finding (``find_catalogs``), checking
(``check_catalog``: the catalog less what may not be used, and why) and compiling
(``compile_catalog``, ``remove_stale``).

Each refusal is a warning naming the catalog, the line and the message (``-W`` fails the build),
and the refused message is left out of the compiled catalog, so the page shows the English it
was checked against; a broken catalog is compiled empty. Files are written whole (a temporary
file renamed). A sound catalog is remembered by its content, next to the doctrees, so a rebuild
checks only catalogs that changed; a refused one is checked, and reported, every time.
"""

import functools
import gettext
import hashlib
import json
import os
import re
import stat
import subprocess
import unicodedata
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable, NamedTuple

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, PoFileParser, read_po, write_po
from sphinx import locale, package_dir
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.typing import ExtensionMetadata

from ext.languages import source_language

logger = logging.getLogger(__name__)

GUARD_VERSION = "2"  # part of what a remembered catalog was checked with
INTERFACE = "sphinx"  # the interface catalog: Sphinx's domain, not a page
COMPILED = "catalogs"  # the build's own folder of checked catalogs, in the doctree folder

# Limits, which also bound the time the check takes (MyST's parser is linear, but some inputs
# cost it 50 µs a character): a catalog of at most 128 KB, over three times the largest of the
# guide; a source message of at most 2,000 characters, twice the longest paragraph; a
# translation at most three times as long as its source, and 100 characters more (a word for
# "Fix" is longer than "Fix").
MAX_CATALOG_BYTES = 128 * 1024
MAX_SOURCE = 2000
# ... and at most 120 of the characters that open or close markup, three times the most a
# message of the guide has (some arrangements of them cost the parser far more than text).
MARKUP_SIGNS, MAX_MARKUP_SIGNS = "[]<>`*_{}|\\!~", 120


def longest_translation(msgid):
    return 3 * len(msgid) + 100


# Each line of a .po file: blank, a comment (flags, obsolete entries), a keyword with a string,
# or a string that continues the one above. Strings are closed, their escapes complete.
STRING = r'"(?:[^"\\]|\\.)*"'
PO_LINE = re.compile(
    rf"\s*|#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+{STRING}[ \t]*|{STRING}[ \t]*"
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\$\{\w+\}|\{\w*\}")
TAG_OR_ENTITY = re.compile(r"<[^<>]*>|&#?\w+;")

# The header: one "Field: value" a line, each field once, only these (gettext's, and the
# generators' that sphinx-intl, babel and Poedit write). No folded line: babel and Python's
# gettext read a folded or repeated field differently from a reader of the file.
HEADER_FIELDS = {
    "Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
    "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
    "Content-Transfer-Encoding", "Plural-Forms", "Generated-By", "X-Generator",
}
HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z0-9-]*): ([^\x00-\x1f\x7f]*)")
CONTENT_TYPE = "text/plain; charset=UTF-8"
# The rule is an arithmetic expression of n, which the search page runs as JavaScript.
PLURAL_FORMS = re.compile(r"nplurals=([1-6]); plural=([n0-9 %<>=!&|?:()]{1,200});?")


class CatalogProblem(Exception):
    def __init__(self, line, message):
        super().__init__(message)
        self.line = line


class StrictParser(PoFileParser):
    """babel's parser, failing on what it would print and go on with, and on a message twice;
    it keeps the header's text and line, as the file wrote it."""

    header = None

    def _invalid_pofile(self, line, lineno, msg):
        raise CatalogProblem(lineno + 1, msg)

    def _add_message(self):
        ids = [m.denormalize() for m in self.messages]
        msgid = tuple(ids) if len(ids) > 1 else ids[0]
        if msgid == "" and not self.obsolete:
            if self.header is not None:
                raise CatalogProblem(self.offset + 1, f"a second header: the first is at line {self.header[0]}")
            self.header = (self.offset + 1, self.translations[0][1].denormalize() if self.translations else "")
        key = self.catalog._key_for(msgid, self.context.denormalize() if self.context else None)
        if not self.obsolete and key in self.catalog._messages:
            first = self.catalog._messages[key].lineno
            raise CatalogProblem(self.offset + 1, f"this message is already in the catalog, line {first}")
        super()._add_message()


def read_bytes(po, root):
    """The bytes of a catalog that is a plain file of the repository: not a link, not a
    device or a pipe, not outside `root`, not larger than the limit."""
    try:
        relative = po.relative_to(root)
    except ValueError:
        raise CatalogProblem(1, f"outside {root}: a catalog is a file of the repository") from None
    for path in [root / Path(*relative.parts[:i]) for i in range(1, len(relative.parts) + 1)]:
        if path.is_symlink():
            raise CatalogProblem(1, f"{path} is a symbolic link: a catalog is a file of the repository, "
                                    "not a link to one")
    try:
        fd = os.open(po, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise CatalogProblem(1, f"cannot be read: {error.strerror}") from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise CatalogProblem(1, "not a plain file (a device, a pipe or a folder): a catalog is a text file")
        data = f.read(MAX_CATALOG_BYTES + 1)
    if len(data) > MAX_CATALOG_BYTES:
        raise CatalogProblem(1, f"larger than {MAX_CATALOG_BYTES // 1024} KB, over three times the largest "
                                "catalog of the guide: a catalog holds the translation of one page")
    return data


def read_catalog(po, language, root=None):
    """The babel Catalog of a .po file; raises CatalogProblem naming the line. `root` is the
    folder the catalog must be in (its own folder if not given)."""
    data = read_bytes(po, Path(root) if root else po.parent)
    if data.startswith(b"\xef\xbb\xbf"):
        raise CatalogProblem(1, "the file starts with a byte order mark: save it as UTF-8 without one")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CatalogProblem(line, "not UTF-8: save the file as UTF-8") from None
    for number, line in enumerate(text.splitlines(), 1):
        if not PO_LINE.fullmatch(line):
            raise CatalogProblem(number, f"not a comment, keyword or closed string: {line[:80]!r}")
    catalog = Catalog(locale=language)
    parser = StrictParser(catalog, ignore_obsolete=True, abort_invalid=True)
    try:
        parser.parse(text.splitlines(keepends=True))
    except PoFileError as error:  # babel counts lines from 0 and ends its message "on N"
        raise CatalogProblem(error.lineno + 1, str(error).rsplit(" on ", 1)[0]) from None
    except CatalogProblem:
        raise
    except Exception as error:  # whatever else babel trips on: a message, never a traceback
        raise CatalogProblem(1, f"babel cannot read it: {error}") from None
    check_header(text, parser.header, language)
    return catalog


def check_header(text, header, language):
    """One value per field, known fields only, the charset and the plural rule declared."""
    if header is None:
        raise CatalogProblem(1, 'no header: the catalog starts with msgid "" and its msgstr')
    start, value = header
    lines = text.splitlines()
    fields: dict[str, tuple[int, str]] = {}
    if not value.endswith("\n"):
        raise CatalogProblem(start, 'the header\'s last line must end with "\\n"')
    number = start - 1
    for content in value[:-1].split("\n"):
        number = header_line(lines, number + 1, content)
        match = HEADER_LINE.fullmatch(content)
        if not match:
            raise CatalogProblem(number, f"not a header line (Field: value), or a folded one: {content[:80]!r}")
        field, field_value = match.groups()
        if field not in HEADER_FIELDS and not field.startswith("X-Poedit-"):
            raise CatalogProblem(number, f"{field!r} is not a header field gettext knows: remove it")
        if field in fields:
            raise CatalogProblem(number, f"{field} is declared twice: the first is at line {fields[field][0]}")
        fields[field] = (number, field_value)
    content_type = fields.get("Content-Type", (start, None))
    if content_type[1] is None or content_type[1].lower() != CONTENT_TYPE.lower():
        raise CatalogProblem(content_type[0], f'the header must declare "Content-Type: {CONTENT_TYPE}\\n"')
    plural = fields.get("Plural-Forms", (start, ""))
    match = PLURAL_FORMS.fullmatch(plural[1])
    try:
        match and gettext.c2py(match[2])
    except (ValueError, RecursionError):
        match = None
    if not match:
        raise CatalogProblem(plural[0], 'the header must declare its plural rule, '
                                        '"Plural-Forms: nplurals=N; plural=EXPRESSION;\\n", '
                                        "EXPRESSION made of n, numbers and operators")
    if "Language" in fields and fields["Language"][1] != language:
        raise CatalogProblem(fields["Language"][0], f"the header declares Language {fields['Language'][1]!r}, "
                                                    f"not {language!r}")


def header_line(lines, start, content):
    """The line of the file where a line of the header is, searched from `start` (the line of
    the header's line before it)."""
    quoted = json.dumps(content, ensure_ascii=False)[:-1]  # the start of the line as a .po file writes it
    for number in range(start, min(len(lines), start + 200) + 1):
        if lines[number - 1].startswith(quoted):
            return number
    return start


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
    if token.type == "link_open":  # a title shows on hover: kept as the source has it, or none
        title = token.attrGet("title")
        return ("link", token.attrGet("href") + (f' "{title}"' if title else ""))
    if token.type == "image":
        title = token.attrGet("title")
        return ("image", token.attrGet("src") + (f' "{title}"' if title else ""))
    if token.type.endswith(("_open", "_close")):
        return (token.type, token.tag)
    return (token.type, token.info + token.content)  # code, HTML, substitutions, fences, math: verbatim


def markup(tokens):
    """The signatures of every token of a message, children included: its markup, less its words."""
    found: Counter[tuple[str, str]] = Counter()
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
        self.found: Counter[tuple[object, ...]] = Counter()

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


# Where an interface string goes, what each of these characters would do there: end an HTML
# attribute or a JavaScript string, start a template expression or a format, escape. Sphinx's
# and Furo's templates insert interface strings without escaping, so an interface translation
# is safe where its source is only if it has none of these the source does not have.
SIGNIFICANT = {'"': "a double quote", "'": "a single quote", "`": "a backtick", "\\": "a backslash",
               "$": "a dollar sign", "{": "a brace", "}": "a brace", "%": "a percent sign",
               "=": "an equals sign"}


def interface_problem(msgid, msgstr):
    if tags(msgstr) != tags(msgid) or any(c in TAG_OR_ENTITY.sub("", msgstr) for c in "<>&"):
        return ("an interface translation holds exactly the HTML tags and entities of its source, "
                "and no other <, > or &")
    bare_id, bare_str = (PLACEHOLDER.sub("", TAG_OR_ENTITY.sub("", text)) for text in (msgid, msgstr))
    for char, name in SIGNIFICANT.items():
        if bare_str.count(char) > bare_id.count(char):
            return (f"{name} ({char}) that the source does not have: the interface puts its strings in "
                    "HTML attributes and scripts, where it would end or change the string")
    return None


# Text a reviewer cannot see, or would read as something else.
ADDRESS = re.compile(
    r"(?:(?<![\w+.-])[^\W_][\w+.-]*:)?//[^\s<>()\[\]`\"']+"  # scheme://..., //host/...
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # someone@host.tld
    r"|(?<![\w.-])[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])"  # host.tld, file.ext
    r"|\b(?:javascript|data|vbscript|file|mailto):"
)


LETTERS = {"vi": "đĐ"}  # each language's letters that are not an ASCII letter with accents


def invisible(char):
    category = unicodedata.category(char)
    return char not in "\n\t " and (category in {"Cf", "Cc", "Co", "Cn", "Cs", "Zl", "Zp", "Zs"})


def foreign_letter(char, letters):
    """A letter or digit outside the language's alphabet (ASCII letters, with any accents, and
    `letters`): a Cyrillic е, a Greek ο, a fullwidth Ａ, a dotless ı pass for Latin ones."""
    if not unicodedata.category(char).startswith(("L", "N")) or char in letters:
        return False
    base = unicodedata.normalize("NFD", char)[0]
    return not (base.isascii() and base.isalnum())


def lookalike_symbol(char):
    """A symbol that compatibility folds to ASCII punctuation: ． ／ ＠ ： pass for . / @ :."""
    folded = unicodedata.normalize("NFKC", char)
    return folded != char and folded.isascii() and not folded.isalnum()


def hidden_problem(msgid, msgstr, letters):
    for char in dict.fromkeys(msgstr):
        if char in msgid:
            continue
        name = unicodedata.name(char, f"U+{ord(char):04X}")
        if invisible(char):
            return (f"an invisible or control character ({name}, U+{ord(char):04X}) that the source does not "
                    "have: a reviewer cannot see it, and it can reorder or hide what the page shows")
        if foreign_letter(char, letters) or lookalike_symbol(char):
            return (f"a character from outside the language's alphabet ({name}, U+{ord(char):04X}) that the "
                    "source does not have: it can pass for a letter, digit or sign of an address or a name")
    if unicodedata.normalize("NFC", msgstr) != msgstr:
        return "not in Unicode NFC: save it composed (NFC), as the glossary asks"
    added = [address for address in ADDRESS.findall(msgstr) if address.rstrip(".,;:!?") not in msgid]
    if added:
        return (f"an address or file name that the source does not have ({added[0][:80]!r}): a translation "
                "may not send readers elsewhere, nor show an address its link does not go to")
    return None


# A code comment's translation keeps what a reader would copy or type: the commands, paths,
# identifiers and options of its source, and adds none.
CODE_SIGNS = set("_./\\=$<>|`@:~*[]{}#")
COMMANDS = re.compile(
    r"\b(?:sudo|rm|curl|wget|pip|pip3|uv|npm|npx|bash|sh|zsh|powershell|chmod|chown|ssh|scp|git|eval|exec|"
    r"import|python|python3|flask|nox|gunicorn|celery|export|source|kill|dd|mkfs|apt|apt-get|brew)\b",
    re.IGNORECASE,
)


def bare(word):
    """A word without the punctuation around it, in any order: `start()`, `start():` and
    `(start).` are all `start`."""
    while (shorter := word.strip(",;!?“”\"'()").rstrip(".:")) != word:
        word = shorter
    return word


def comment_problem(msgid, msgstr):
    def words(text):  # each word with a sign of code in it, or an option (-x, --name)
        found: Counter[str] = Counter()
        for word in text.split():
            word = bare(word)
            if word and (word.startswith("-") and len(word) > 1 or CODE_SIGNS.intersection(word)):
                found[word] += 1
        return found

    source, translation = words(msgid), words(msgstr)
    if source != translation:
        parts = [f"{verb} {', '.join(repr(w) for w in sorted(found))}"
                 for verb, found in (("adds", translation - source), ("drops", source - translation)) if found]
        return ("a code comment's translation keeps the commands, paths and identifiers of its source: "
                + "; ".join(parts))
    # a command word of the translation must be in the source, as itself or in a longer word
    # ("import" translates "imported" well enough: the source speaks of importing)
    added = {m.lower() for m in COMMANDS.findall(msgstr) if m.lower() not in msgid.lower()}
    if added:
        return (f"a code comment's translation may not add a command ({', '.join(sorted(added))}): "
                "readers copy what the comments of an example tell them to run")
    return None


def message_problem(md, msgid, msgstr, letters="đĐ", comment=False):
    """Why a translation may not be used, or None. `md` is None for the interface catalog;
    `comment` says the message is a comment of a code block."""
    if len(msgid) > MAX_SOURCE:
        return f"a source of {len(msgid)} characters: no message of the guide is longer than {MAX_SOURCE}"
    if len(msgstr) > longest_translation(msgid):
        return (f"{len(msgstr)} characters for a source of {len(msgid)}: a translation is at most three times "
                "as long as its source, and 100 characters more")
    if msgstr.count("\n") > msgid.count("\n") or "\r" in msgstr:
        return "a line break that the source does not have"
    if md is not None:
        for text, which in ((msgid, "source"), (msgstr, "translation")):
            if (count := sum(text.count(char) for char in MARKUP_SIGNS)) > MAX_MARKUP_SIGNS:
                return (f"a {which} with {count} markup characters ({MARKUP_SIGNS}): no message of the guide "
                        f"has more than {MAX_MARKUP_SIGNS}")
        problem = markdown_problem(md, msgid, msgstr)
    elif Counter(PLACEHOLDER.findall(msgstr)) != Counter(PLACEHOLDER.findall(msgid)):
        problem = "its placeholders (such as ${resultCount} or %(name)s) differ from the source"
    else:
        problem = interface_problem(msgid, msgstr)
    return (problem or hidden_problem(msgid, msgstr, letters)
            or (comment_problem(msgid, msgstr) if comment else None))


def known_plurals():
    """{singular: plural} of the interface's plural messages: Sphinx's own template (its
    scripts' one plural message is in it). A plural entry is the source's, never the catalog's:
    Sphinx's scripts show form 0 of any entry, whatever its msgid_plural says."""
    with open(Path(package_dir, "locale", "sphinx.pot"), "rb") as f:
        return {m.id[0]: m.id[1] for m in read_po(f) if m.pluralizable}


def entry_problems(catalog, md, letters=None, comments=frozenset()):
    """(message, problem) of each translated entry that may not be used. `letters`: those of
    the language's alphabet beyond ASCII's (LETTERS by default); `comments`: the messages that
    are comments of code blocks."""
    if letters is None:
        letters = LETTERS.get(str(catalog.locale), "")
    plurals = known_plurals() if md is None else None
    for message in catalog:
        if not message.id or "fuzzy" in message.flags:
            continue
        pairs = [(message.id, message.string)]
        if message.pluralizable:
            singular, plural = message.id[0], message.id[1]
            if plurals is not None and plurals.get(singular) != plural:
                yield message, ("a plural entry that the interface does not have: its msgid and msgid_plural "
                                "must be those of Sphinx's template (sphinx.pot)")
                continue
            # Form 0 translates the singular, unless the language has one form for every count.
            pairs = [(singular if i == 0 and catalog.num_plurals > 1 else plural, form)
                     for i, form in enumerate(message.string)]
        for msgid, msgstr in pairs:
            if msgstr and (problem := message_problem(md, msgid, msgstr, letters, msgid in comments)):
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


def source_dirs(config):
    """The folders of the language's catalogs, in the repository: guide_catalog_dirs, else the
    locale_dirs that conf.py gave (relative to the source folder, as Sphinx reads them)."""
    return list(config.guide_catalog_dirs or config.guide_given_locale_dirs)


def snippet_comments(config):
    """Every comment and docstring of the snippets (ext/code_comments.py finds them): the
    messages whose translations keep their source's code."""
    from ext.code_comments import PROSE, UntokenizableCode, prose

    folder = getattr(config, "snippets_dir", None)
    found: set[str] = set()
    suffixes = {".py": "python", ".toml": "toml"}
    for path in sorted(Path(folder).rglob("*")) if folder else []:
        if path.suffix in suffixes and suffixes[path.suffix] in PROSE and path.is_file():
            try:
                found.update(text for _, _, text in prose(path.read_text(encoding="utf-8"), suffixes[path.suffix]))
            except (UntokenizableCode, UnicodeDecodeError):
                continue
    return frozenset(found)


def refuse_committed_state(app: Sphinx, config: Config) -> None:
    """The doctree folder is the build's own state: the checked catalogs, the record of sound
    ones, and Sphinx's pickled environment, which Sphinx unpickles. A build that finds any of
    it tracked by git (a pull request can add files under an ignored folder) stops, before
    Sphinx reads it: on Read the Docs the doctrees are in the clone's _build/."""
    try:
        found = subprocess.run(["git", "-C", str(app.confdir), "ls-files", "-z", "--", str(app.doctreedir)],
                               capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return  # no git: no repository to bring state
    if found.returncode == 0 and found.stdout:
        first = found.stdout.split(b"\0")[0].decode("utf-8", "replace")
        raise ConfigError(f"the repository holds the build's own state ({first}): a build never reads state "
                          f"that came with the sources; remove it from git (git rm -r --cached {app.doctreedir})")


class Found(NamedTuple):
    """A catalog of the repository that the build may use: its name (its page's, or INTERFACE),
    its file, and the folder it must be in."""

    name: str
    po: Path
    root: Path


Problem = tuple[str, str]  # (where, as Sphinx's warnings name it: "file:line"; the warning)


def find_catalogs(root: Path, language: str, documents: dict[str, Path],
                  interface_required: bool) -> tuple[list[Found], list[Problem]]:
    """The catalogs of `language` in the catalogs' folder `root`, and what is wrong with the
    set of them: a catalog for each page, a page for each catalog (the interface's aside, which
    `interface_required` asks for), and no compiled catalog without its .po. `documents` is
    {catalog name: source file} of the project's pages."""
    messages_dir = root / language / "LC_MESSAGES"
    catalogs = {po.relative_to(messages_dir).with_suffix("").as_posix(): po
                for po in sorted(messages_dir.glob("**/*.po"))}
    problems = [(f"{documents[page]}:1",
                 f"no {language} catalog for this page: it would show in English (nox -s catalogs makes it)")
                for page in sorted(documents.keys() - catalogs.keys())]
    if interface_required and INTERFACE not in catalogs:
        problems.append((f"{messages_dir / INTERFACE}.po:1",
                         f"no interface catalog ({INTERFACE}.po): the interface would show in English"))
    problems += [(f"{mo}:1", "a compiled catalog without its .po is never used: the build compiles every "
                             "catalog from its checked .po (commit the .po, delete the .mo)")
                 for mo in sorted(messages_dir.glob("**/*.mo")) if not mo.with_suffix(".po").exists()]
    found = []
    for name, po in catalogs.items():
        if name != INTERFACE and name not in documents:
            problems.append((f"{po}:1", "this catalog belongs to no page: git rm it, or rename it after its page"))
        else:
            found.append(Found(name, po, root))
    return found, problems


def catalog_digest(found: Found) -> tuple[str, bool]:
    """What a catalog is remembered by (its bytes and the guard's version), and whether it
    could be read at all (read_catalog reports why not)."""
    try:
        data = read_bytes(found.po, found.root)
    except CatalogProblem:
        data = b""
    return hashlib.sha256(GUARD_VERSION.encode() + data).hexdigest(), bool(data)


class Rules(NamedTuple):
    """What a catalog's messages are checked with (entry_problems): the language's letters, and
    for a page's catalog the MyST parser and the snippets' comments, each made when first asked
    for (a build whose page catalogs are all remembered as sound needs neither)."""

    letters: str
    markdown: Callable[[], Any]
    comments: Callable[[], frozenset[str]]


def check_catalog(found: Found, language: str, rules: Rules) -> tuple[Catalog, list[Problem]]:
    """The catalog less every message that may not be used (refused, or fuzzy, as Sphinx
    compiles), and a warning for each refusal; a broken catalog is empty, with its one warning."""
    try:
        catalog = read_catalog(found.po, language, found.root)
    except CatalogProblem as problem:
        return Catalog(locale=language), [(f"{found.po}:{problem.line}", f"broken catalog, not used: {problem}")]
    if found.name == INTERFACE:
        refused = list(entry_problems(catalog, None, rules.letters))
    else:
        refused = list(entry_problems(catalog, rules.markdown(), rules.letters, rules.comments()))
    problems = []
    for message, reason in refused:
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        problems.append((f"{found.po}:{message.lineno}",
                         f"translation refused, the English is shown instead: {reason} (msgid {msgid[:200]!r})"))
        del catalog[message.id]
    for message in list(catalog):
        if message.id and "fuzzy" in message.flags:
            del catalog[message.id]  # as Sphinx compiles: fuzzy translations are not used
    return catalog, problems


def read_record(record: Path) -> set[str]:
    """The digests of the catalogs found sound by an earlier build (none if unreadable)."""
    try:
        return set(json.loads(record.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return set()


def remove_stale(out: Path, written: set[Path]) -> None:
    """Delete from the build's folder every catalog not written by this build (a catalog gone,
    or of no page), and the interface's script, which Sphinx writes anew."""
    for stale in out.glob("**/*"):
        if stale.is_file() and stale.with_suffix(".po") not in written or stale.suffix == ".js":
            stale.unlink()


def warn(location: str, problem: str) -> None:
    logger.warning("%s", problem, location=location, type="i18n")


def guard_catalogs(app: Sphinx, config: Config) -> None:
    """Check each catalog of the language and write what passed, as .po and .mo, into the
    build's own folder (<doctrees>/catalogs/), which is then the only one Sphinx reads:
    nothing compiled in the repository, or left there by an older build, is ever used.
    Finding (find_catalogs), checking (check_catalog) and compiling (compile_catalog) are each
    a function of their own; this one says which catalogs go through them."""
    config.guide_given_locale_dirs = list(config.locale_dirs)
    if config.language == source_language(config):
        return
    compiled = Path(app.doctreedir, COMPILED)
    out = compiled / config.language / "LC_MESSAGES"
    out.mkdir(parents=True, exist_ok=True)
    config.locale_dirs = [str(compiled)]
    record = Path(app.doctreedir, "sound-catalogs.json")
    known, sound, written = read_record(record), set(), set()
    rules = Rules(config.guide_letters.get(config.language, ""),
                  functools.cache(lambda: project_parser(app)), functools.cache(lambda: snippet_comments(config)))
    documents = pages(app)
    for folder in source_dirs(config):
        found, problems = find_catalogs(Path(app.srcdir, folder), config.language, documents,
                                        config.guide_interface_required)
        for location, problem in problems:
            warn(location, problem)
        for catalog in found:
            target = out / f"{catalog.name}.po"
            written.add(target)
            digest, readable = catalog_digest(catalog)
            if catalog.name == INTERFACE:
                # Every page's template uses it: a change must rewrite every page (an "html"
                # config value that changes makes Sphinx do that).
                config.guide_interface_catalog = digest
            if readable and digest in known and target.is_file() and target.with_suffix(".mo").is_file():
                sound.add(digest)  # checked by an earlier build, its checked copy in place
                continue
            checked, problems = check_catalog(catalog, config.language, rules)
            for location, problem in problems:
                warn(location, problem)
            compile_catalog(target, checked)  # a broken catalog is compiled empty: the page shows English
            if not problems:
                sound.add(digest)
    remove_stale(out, written)
    record.write_text(json.dumps(sorted(sound)), encoding="utf-8")
    reload_interface(app)


def compile_catalog(po, catalog):
    """Write what passed as a .po and its .mo, each whole or not at all (a temporary file
    renamed), the .mo last so Sphinx finds it up to date; and forget any copy of the .mo that
    Python's gettext keeps by file name (read before this build's check, in this process)."""
    mo = po.with_suffix(".mo")
    for path, write in ((po, write_po), (mo, write_mo)):
        temporary = path.with_name(path.name + ".tmp")
        with temporary.open("wb") as f:
            write(f, catalog)
        os.replace(temporary, path)
    cache = gettext._translations  # type: ignore[attr-defined]  # private, and the one way to forget a file
    for key in [key for key in cache if Path(key[1]) == mo.resolve()]:
        del cache[key]


def reload_interface(app):
    """Sphinx loaded its interface strings before any extension ran: load those that passed."""
    locale.translators.pop(("general", "sphinx"), None)
    dirs = [Path(folder) for folder in app.config.locale_dirs] + [None, Path(package_dir, "locale")]
    app.translator, _ = locale.init(dirs, app.config.language)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("ext.languages")  # guide_languages
    app.add_config_value("guide_interface_catalog", "", "html", types=[str])  # set by guard_catalogs
    # Where the catalogs are in the repository. conf.py gives them here and leaves locale_dirs
    # empty, so that Sphinx, which compiles and reads the interface catalog before any
    # extension runs, never reads the repository's: the guard then sets locale_dirs to its own.
    app.add_config_value("guide_catalog_dirs", [], "env", types=[list])
    app.add_config_value("guide_given_locale_dirs", [], "", types=[list])  # set by guard_catalogs
    app.add_config_value("guide_interface_required", False, "env", types=[bool])
    # Letters of each language beyond the ASCII ones and their accented forms (hidden_problem)
    app.add_config_value("guide_letters", LETTERS, "env", types=[dict])
    app.connect("config-inited", refuse_committed_state, priority=790)
    app.connect("config-inited", guard_catalogs, priority=800)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
