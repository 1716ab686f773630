"""The translators' tools: refresh the catalogs, report progress, and the checks that
`nox -s check-catalogs` runs (tests/site/test_catalogs.py).

    python -m tools.catalogs refresh     what `nox -s catalogs` runs
    python -m tools.catalogs templates   only the templates, for `sphinx-intl update -p _build/gettext`
    python -m tools.catalogs progress    what `nox -s progress` runs

The refresh is sphinx-intl's update (Sphinx's gettext builder writes the templates into
_build/gettext, sphinx-intl merges them into each catalog) with three things plain
`sphinx-intl update` does not do, each of which the translation workflow test proves:

- it keeps the previous English of a changed message (`#| msgid`), as GNU msgmerge does:
  sphinx-intl can write it (`include_previous`, a keyword of babel's write_po that its
  dump_po forwards), but babel reads those lines back as translator comments
  (python-babel/babel#206) and wraps a long one inside its quotes, which GNU gettext and
  Poedit cannot read;
- it writes the catalog as GNU gettext and Poedit do (`msgcat --width=79`), which babel's
  writer matches at no width (python-babel/babel#787), and only when a message changed;
- it keeps the header as it is but for POT-Creation-Date (babel reorders its fields), and
  adds no format flags (babel guesses `python-format` from a message's text).

sphinx-lint and pospell read a msgstr as reStructuredText and misfire on MyST. What a
translation may change is decided by the build itself (ext/catalog_guard.py), and checked here
the same way; the glossary, spelling and wrapping checks are the translators' own.
"""

import argparse
import codecs
import csv
import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib
from babel import Locale
from babel.messages.pofile import denormalize
from sphinx_intl import catalog as intl

from ext.catalog_guard import LETTERS, CatalogProblem, markdown_parser, message_problem, read_catalog
from ext.code_comments import docstring_messages, docstring_problem
from tools.guide import (
    COPYRIGHT,
    GUIDE,
    ISSUES,
    LOCALE,
    MYST_EXTENSIONS,
    MYST_HEADING_ANCHORS,
    PROJECT,
    REPOSITORY,
    ROOT,
    SOURCE_LANGUAGE,
    TRANSLATIONS,
    TRANSLATORS,
    sphinx_args,
)

WRAP_WIDTH = 79  # every catalog is written at this width, so a refresh changes only what changed
INTERFACE_CATALOGS = {"sphinx"}  # Sphinx's and the theme's own strings, not a page
TEMPLATES = Path("_build", "gettext")  # where `sphinx-intl update -p` finds the English (.pot)
GUESSED_FLAGS = {"python-format", "python-brace-format"}  # babel's guesses; no message here is one


def english_changed(root):
    """When the English pages last changed in git: the catalogs' POT-Creation-Date."""
    last = subprocess.run(
        ["git", "log", "-1", "--format=%ct", "--", "docs", "snippets"],
        cwd=root, capture_output=True, text=True,
    ).stdout.strip()
    return last or str(int(time.time()))


def templates(root=ROOT):
    """Extract the English messages afresh into root/_build/gettext (no stale .pot of a
    deleted page is left there): one template per page, as sphinx-intl expects them."""
    pot = root / TEMPLATES
    shutil.rmtree(pot, ignore_errors=True)
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(
            [sys.executable, "-m", "sphinx",
             *sphinx_args(SOURCE_LANGUAGE, pot, Path(scratch, "doctrees"), root=root, builder="gettext")],
            env={**os.environ, "SOURCE_DATE_EPOCH": english_changed(root)}, check=True,
        )
    for template in pot.rglob("*.pot"):
        text = template.read_text(encoding="utf-8")
        template.write_text(LOCATIONS.sub(functools.partial(from_root, folder=template.parent, root=root), text),
                            encoding="utf-8")
    return pot


LOCATIONS = re.compile(r"^#: .*$", re.M)


def from_root(line, folder, root):
    """A `#:` line of a template with each page as the project's root sees it (docs/index.md:12),
    where Sphinx writes it from the template's folder (../../docs/index.md:12)."""
    def place(location):
        path, colon, number = location.group(0).partition(":")
        return Path(os.path.relpath(folder / path, root)).as_posix() + colon + number

    return "#: " + re.sub(r"\S+", place, line.group(0)[3:])


def take_back_previous_msgids(catalog):
    """babel reads `#| msgid` lines as translator comments ("| msgid ..."): make them the
    previous msgid they are again (python-babel/babel#206)."""
    for message in catalog:
        lines = [c[2:] for c in message.user_comments if c.startswith("| ")]
        if lines and lines[0].startswith("msgid ") and not any(line.startswith("msg") for line in lines[1:]):
            message.user_comments = [c for c in message.user_comments if not c.startswith("| ")]
            message.previous_id = [denormalize("\n".join([lines[0][len("msgid "):], *lines[1:]]))]


def revive_obsolete(catalog):
    """A message that comes back to a page takes back the translation it had when it went, as
    msgmerge does: babel keeps the obsolete one (`#~`) beside a new, untranslated one, a duplicate
    that msgcat refuses."""
    for message in catalog:
        key = (message.id, message.context) if message.context else message.id
        old = catalog.obsolete.pop(key, None) if message.id else None
        if old is not None and not message.string:
            message.string = old.string


def contents(catalog):
    """What a refresh may change in a catalog: each message and the obsolete ones."""
    return (
        [(m.id, m.context, m.string, sorted(m.flags), m.previous_id, m.auto_comments, m.user_comments,
          [(path, line or None) for path, line in m.locations])  # babel writes line 0 as no line
         for m in catalog if m.id],
        sorted(map(str, catalog.obsolete)),
    )


def header(text):
    return text.partition("\n\n")[0]


def merge(po, template, language):
    """sphinx-intl's update of one catalog, with the previous msgids kept and the project's
    format (see the module's docstring). Returns whether the catalog was written."""
    english = intl.load_po(str(template))
    if po.exists():
        catalog = intl.load_po(str(po))
        take_back_previous_msgids(catalog)
        previous = {m.id: m.previous_id for m in catalog if m.id and m.previous_id}
        before = contents(catalog)
        intl.update_with_fuzzy(catalog, english)
        for message in catalog:  # babel drops the previous msgid of a message still fuzzy
            if message.id and message.fuzzy and not message.previous_id and message.id in previous:
                message.previous_id = previous[message.id]
        revive_obsolete(catalog)
        if contents(catalog) == before:
            return False
        old_header = header(po.read_text(encoding="utf-8"))
    else:  # a new page: the catalog starts as its template (sphinx-intl's create)
        catalog, old_header = english, None
        catalog.locale = language
    for message in catalog:
        message.flags -= GUESSED_FLAGS
    # no wrapping here: babel would wrap a long `#| msgid` inside its quotes; msgcat wraps
    intl.dump_po(str(po), catalog, width=sys.maxsize, include_previous=True)
    if old_header is not None:
        text = po.read_text(encoding="utf-8")
        created = re.search(r'^"POT-Creation-Date: .*$', header(text), re.M)
        assert created is not None, "sphinx-intl writes POT-Creation-Date in every header"
        kept = re.sub(r'^"POT-Creation-Date: .*$', lambda _: created.group(0), old_header, flags=re.M)
        po.write_text(kept + text[len(header(text)):], encoding="utf-8")
    return True


# What babel, sphinx-intl and xgettext write where a header's fields were never filled in.
PLACEHOLDERS = ("SOME DESCRIPTIVE TITLE", "FIRST AUTHOR", "EMAIL@ADDRESS", "YEAR", "PACKAGE", "ORGANIZATION",
                "FULL NAME", "LL@li.org", "Automatically generated", "translations for ", "Translations template")


def header_comment(page, language):
    """The comment above a page catalog's header: what it translates, its licence, the addresses."""
    return (f"{Locale.parse(language).english_name} translation of docs/{page}.md, a page of the guide to\n"
            "Flask's \"Working outside of application context\".\n"
            f"Copyright (C) {COPYRIGHT}.\n"
            "Licence: CC BY-SA 4.0, as the English text (LICENSE).\n"
            "How to translate it: docs/translating.md\n"
            f"Repository: {REPOSITORY}\n"
            f"Questions: {ISSUES}")


def fill_header(po, language, *, force=False):
    """Fill in a page catalog's header: the project, the team and its address (the issue
    tracker). A translator's own Last-Translator is kept, and the comment is replaced only where
    a tool left placeholders in it (or `force`). Returns whether the file changed."""
    catalog = polib.pofile(str(po), wrapwidth=WRAP_WIDTH)
    before = (catalog.header, dict(catalog.metadata), bool(catalog.metadata_is_fuzzy))
    page = po.stem not in INTERFACE_CATALOGS  # sphinx.po's comment says what it holds
    if page and (force or not catalog.header.strip() or any(p in catalog.header for p in PLACEHOLDERS)):
        catalog.header = header_comment(po.relative_to(po.parent).with_suffix("").as_posix(), language)
    team = f"{Locale.parse(language).english_name} <{ISSUES}>"
    translator = catalog.metadata.get("Last-Translator", "")
    if "<" not in translator or any(p in translator for p in PLACEHOLDERS):
        translator = f"{TRANSLATORS} <{ISSUES}>"
    catalog.metadata.update({"Project-Id-Version": PROJECT, "Report-Msgid-Bugs-To": ISSUES,
                             "Last-Translator": translator, "Language-Team": team})
    if "YEAR" in catalog.metadata.get("PO-Revision-Date", "YEAR"):  # a new catalog: revised when created
        catalog.metadata["PO-Revision-Date"] = catalog.metadata.get("POT-Creation-Date", "")
    catalog.metadata_is_fuzzy = False  # babel marks a new catalog's header fuzzy
    if (catalog.header, dict(catalog.metadata), bool(catalog.metadata_is_fuzzy)) == before:
        return False
    catalog.save(str(po))
    return True


def rewrap(po):
    """Write the catalog as GNU gettext and Poedit do at the project's width, if it is not
    written so already: a catalog is left untouched, its bytes and its modification time (a
    running preview rebuilds every page of a catalog written again). Returns whether it wrote."""
    wrapped = subprocess.run(["msgcat", f"--width={WRAP_WIDTH}", str(po)], check=True, capture_output=True).stdout
    if wrapped == po.read_bytes():
        return False
    po.write_bytes(wrapped)
    return True


def refresh(root=ROOT):
    """Extract the English messages afresh and merge them into every other language.

    A changed message keeps its old translation, marked fuzzy, with the old English text
    (`#| msgid`) beside it; a removed one stays at the end as obsolete (`#~`). Every catalog
    ends written as `msgcat --width=79` writes it, also after a plain `sphinx-intl update` or
    after another tool saved it (its byte order mark and Windows line endings removed first).
    Returns the catalogs that no page uses any more.
    """
    pot = templates(root)
    found = {p.relative_to(pot).with_suffix(".po"): p for p in pot.rglob("*.pot")}
    orphans = []
    for language in TRANSLATIONS:
        folder = root / "locale" / language / "LC_MESSAGES"
        for po in sorted(folder.rglob("*.po")):
            normalise(po)
        for name, template in sorted(found.items()):
            po = folder / name
            po.parent.mkdir(parents=True, exist_ok=True)
            merge(po, template, language)
        for po in sorted(folder.rglob("*.po")):
            fill_header(po, language)
            rewrap(po)
        orphans += [
            po for po in sorted(folder.rglob("*.po"))
            if po.relative_to(folder) not in found and po.stem not in INTERFACE_CATALOGS
        ]
    return orphans


CODE = re.compile(r"(`+)(.+?)\1")
ROLE = re.compile(r"\{([\w:.-]+)\}`([^`]*)`")
LINK = re.compile(r"\]\(([^)\s]+)\)")
WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


def all_catalogs(language):
    return sorted((LOCALE / language / "LC_MESSAGES").rglob("*.po"))


def without_code(text):
    """The prose of a message: code spans and role contents removed."""
    return CODE.sub(" ", ROLE.sub(" ", text))


@functools.cache
def markdown():
    """The MyST parser the pages are read with (the syntax conf.py gives MyST; its
    substitutions' values play no part in parsing)."""
    from myst_parser.config.main import MdParserConfig

    return markdown_parser(MdParserConfig(enable_extensions=set(MYST_EXTENSIONS),
                                          heading_anchors=MYST_HEADING_ANCHORS))


def catalog_language(catalog):
    """The language of a catalog of the repository (locale/<language>/LC_MESSAGES/...)."""
    return catalog.relative_to(LOCALE).parts[0]


@functools.cache
def snippet_docstrings():
    """The messages that are one-line docstrings of snippets/ (ext/code_comments.py)."""
    return frozenset().union(*(docstring_messages(path.read_text(encoding="utf-8"))
                               for path in (ROOT / "snippets").rglob("*.py")))


def markup_problem(catalog, msgid, msgstr):
    """Why the build would refuse this translation (ext/catalog_guard.py; a docstring's,
    ext/code_comments.py), or None."""
    if msgid in snippet_docstrings() and (problem := docstring_problem(msgstr)):
        return problem
    letters = LETTERS.get(catalog_language(catalog), "")
    return message_problem(None if catalog.stem in INTERFACE_CATALOGS else markdown(), msgid, msgstr, letters)


def glossary(language):
    """(term, terms to avoid) of the language's glossary (locale/<language>/glossary.csv, which
    the glossary page shows): its column of terms is named after the language, as [tool.guide]
    languages names it."""
    with open(LOCALE / language / "glossary.csv", encoding="utf-8", newline="") as f:
        column = GUIDE["languages"][language]
        return [(row[column], [t for t in row["Avoid"].split("|") if t]) for row in csv.DictReader(f)]


def glossary_problems(msgstr, language):
    text = without_code(msgstr).lower()
    return [
        f"uses {avoid!r}: the glossary's term is {term!r}"
        for term, avoided in glossary(language)
        for avoid in avoided
        if re.search(rf"(?<!\w){re.escape(avoid.lower())}(?!\w)", text)
    ]


def translation_conflicts(paths):
    """{msgid: [(catalog, line, msgstr), ...]} for each message translated in more than one way
    across these catalogs: the same English reads the same on every page."""
    seen: dict[str, list[tuple[Path, int | None, str]]] = {}
    for path in paths:
        for entry in polib.pofile(str(path)):
            if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags:
                key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid  # as msgfmt
                seen.setdefault(key, []).append((path, entry.linenum, entry.msgstr))
    return {msgid: places for msgid, places in seen.items() if len({s for _, _, s in places}) > 1}


def project_words(language):
    path = LOCALE / language / "words.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return {line.strip().lower() for line in lines if line.strip() and not line.startswith("#")}


def misspelled(texts, language):
    """Words hunspell's dictionary for the language rejects, over many texts at once."""
    hunspell = shutil.which("hunspell")
    if hunspell is None:
        raise RuntimeError("hunspell is missing: apt-get install hunspell hunspell-vi (nox -s tests does)")
    dictionary = GUIDE["dictionaries"][language]
    words = {w for text in texts for w in WORD.findall(prose(text))}
    result = subprocess.run(
        [hunspell, "-d", dictionary, "-l"], input="\n".join(sorted(words)),
        capture_output=True, text=True, check=True,
    )
    return set(result.stdout.split())


URL = re.compile(r"<?https?://[^\s>]+>?")
IDENTIFIER = re.compile(r"\w+(?:[._]\w+)+(?:\(\))?|\w+\(\)")  # User.query.get, create_app()


def prose(text):
    """The words a reader reads: code, identifiers, link targets and addresses removed."""
    return IDENTIFIER.sub(" ", URL.sub(" ", LINK.sub("]", without_code(text))))


def spelling_problems(entries, language):
    """{entry: [unknown words]}: not in the dictionary, the word list, or the source as a name."""
    allowed = project_words(language)
    rejected = misspelled([e.msgstr for e in entries], language)
    found = {}
    for entry in entries:
        if entry.msgstr == entry.msgid:
            continue  # kept in English on purpose: a file name, a name, an English term
        # words copied from the English: names, identifiers outside backticks, error messages
        source_words = set(WORD.findall(entry.msgid))
        unknown = [
            w for w in WORD.findall(prose(entry.msgstr))
            if w in rejected and w.lower() not in allowed and w not in source_words
        ]
        if unknown:
            found[entry] = unknown
    return found


def wrapping_problem(path):
    """Whether the catalog is byte for byte as the refresh writes it (msgcat --width=79): what
    the refresh itself guarantees, so that a refresh's diff shows only what changed."""
    result = subprocess.run(["msgcat", f"--width={WRAP_WIDTH}", str(path)], capture_output=True)
    if result.returncode:
        return f"msgcat cannot read it: {result.stderr.decode(errors='replace').strip()}"
    if result.stdout == path.read_bytes():
        return None
    return f"not written as `nox -s catalogs` writes it (msgcat --width={WRAP_WIDTH} {path.name})"


FIX = "run `nox -s catalogs`: it rewrites the file as the project writes every catalog"


def parsed(text):
    """What a catalog says, whatever its layout: the header and every entry, obsolete ones too."""
    catalog = polib.pofile(text, wrapwidth=0)
    return (
        catalog.header, sorted(catalog.metadata.items()),
        [(e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, sorted(e.msgstr_plural.items()), sorted(e.flags),
          e.comment, e.tcomment, e.occurrences, e.previous_msgctxt, e.previous_msgid, e.previous_msgid_plural,
          e.obsolete) for e in catalog],
    )


def file_problem(path):
    """Why a translator's catalog is not one the project can take as it is, with the command
    that puts it right, or None. Any wrapping passes (Poedit's, Weblate's at 77 columns, polib's
    at 78, an export's or an editor's long lines): the catalog is compared with itself as the
    refresh would write it, as parsed messages, not as bytes; the next `nox -s catalogs`
    rewraps it at 79 columns. A byte order mark or Windows line endings, which the build and
    GNU gettext refuse, are what the refresh removes."""
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        return f"it starts with a byte order mark (BOM): {FIX}"
    if b"\r" in data:
        return f"it has Windows line endings (CRLF): {FIX}"
    result = subprocess.run(["msgcat", f"--width={WRAP_WIDTH}", str(path)], capture_output=True)
    if result.returncode:
        return f"it is not a gettext catalog GNU gettext can read: {result.stderr.decode(errors='replace').strip()}"
    if result.stdout == data or parsed(result.stdout.decode()) == parsed(data.decode()):
        return None
    return f"its messages read differently once rewritten: {FIX}"


def normalise(po):
    """A catalog as GNU gettext reads it: no byte order mark, Unix line endings (an editor's or
    Windows checkout's). Returns whether the file changed."""
    data = po.read_bytes()
    fixed = data.removeprefix(codecs.BOM_UTF8).replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if fixed != data:
        po.write_bytes(fixed)
    return fixed != data


def progress(path):
    """(done, fuzzy, untranslated, obsolete, total), counted as `sphinx-intl stat` counts,
    except that a fuzzy message is not done (stat counts it as translated and as fuzzy) and
    the obsolete ones are counted too (the checks fail while any is left)."""
    catalog = intl.load_po(str(path))
    total = sum(1 for m in catalog if m.id)
    fuzzy = len(intl.fuzzy_entries(catalog))
    untranslated = sum(not m.fuzzy for m in intl.untranslated_entries(catalog))
    return total - fuzzy - untranslated, fuzzy, untranslated, len(catalog.obsolete), total


def report(language):
    rows = []
    for path in all_catalogs(language):
        try:
            read_catalog(path, language)
        except CatalogProblem as problem:
            print(f"{path.relative_to(ROOT)}:{problem.line}: broken, not counted: {problem}")
            continue
        rows.append((path.relative_to(ROOT).as_posix(), *progress(path)))
    width = max(len(r[0]) for r in rows)
    print(f"{'catalog':<{width}}  done  fuzzy  todo  obsolete")
    for name, done, fuzzy, todo, obsolete, total in rows:
        mark = "" if done == total and not obsolete else "  <- to do"
        print(f"{name:<{width}}  {done:>3}/{total:<3} {fuzzy:>3}  {todo:>4}  {obsolete:>6}{mark}")
    done, total = sum(r[1] for r in rows), sum(r[5] for r in rows)
    print(f"{language}: {done} of {total} messages translated ({100 * done // max(total, 1)}%)")
    return done == total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["refresh", "templates", "progress"])
    command = parser.parse_args().command
    if command == "templates":
        print(f"English templates written to {templates().relative_to(ROOT)}/")
        return 0
    if command == "refresh":
        for po in refresh():
            print(f"{po.relative_to(ROOT)} belongs to no page any more: git rm it")
    for language in TRANSLATIONS:
        report(language)  # a report: `nox -s check-catalogs` is what fails on gaps
    return 0


if __name__ == "__main__":
    sys.exit(main())
