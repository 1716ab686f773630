"""The translators' tools: refresh the catalogs, report progress, and the checks that
`nox -s check-catalogs` runs (tests/site/test_catalogs.py).

    python -m tools.catalogs refresh     what `nox -s catalogs` runs
    python -m tools.catalogs progress    what `nox -s progress` runs

sphinx-lint and pospell read a msgstr as reStructuredText and misfire on MyST. What a
translation may change is decided by the build itself (ext/catalog_guard.py), and checked here
the same way; the glossary, spelling and wrapping checks are the translators' own.
"""

import argparse
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

from ext.catalog_guard import CatalogProblem, markdown_parser, message_problem, read_catalog
from tools.guide import LANGUAGES, LOCALE, ROOT, sphinx_args
WRAP_WIDTH = 79  # every catalog is written at this width, so a refresh changes only what changed
INTERFACE_CATALOGS = {"sphinx"}  # Sphinx's and the theme's own strings, not a page


def english_changed(root):
    """When the English pages last changed in git: the catalogs' POT-Creation-Date."""
    last = subprocess.run(
        ["git", "log", "-1", "--format=%ct", "--", "docs", "snippets"],
        cwd=root, capture_output=True, text=True,
    ).stdout.strip()
    return last or str(int(time.time()))


def refresh(root=ROOT):
    """Extract the English messages afresh and merge them into every other language.

    A changed message keeps its old translation, marked fuzzy, with the old English text
    (`#| msgid`) beside it; a removed one stays at the end as obsolete (`#~`). Returns the
    catalogs that no page uses any more.
    """
    source, *targets = LANGUAGES
    orphans = []
    with tempfile.TemporaryDirectory() as scratch:
        pot = Path(scratch, "gettext")  # fresh every time: no stale .pot of a deleted page
        subprocess.run(
            [sys.executable, "-m", "sphinx",
             *sphinx_args(source, pot, Path(scratch, "doctrees"), root=root, builder="gettext")],
            env={**os.environ, "SOURCE_DATE_EPOCH": english_changed(root)}, check=True,
        )
        templates = {p.relative_to(pot).with_suffix(".po"): p for p in pot.rglob("*.pot")}
        for language in targets:
            folder = root / "locale" / language / "LC_MESSAGES"
            for name, template in sorted(templates.items()):
                po = folder / name
                po.parent.mkdir(parents=True, exist_ok=True)
                if po.exists():
                    command = ["msgmerge", "--quiet", "--previous", "--update", "--backup=none",
                               f"--width={WRAP_WIDTH}", str(po), str(template)]
                else:
                    command = ["msginit", "--no-translator", f"--locale={language}",
                               f"--width={WRAP_WIDTH}", f"--input={template}", f"--output-file={po}"]
                subprocess.run(command, check=True, capture_output=True)
            orphans += [
                po for po in sorted(folder.rglob("*.po"))
                if po.relative_to(folder) not in templates and po.stem not in INTERFACE_CATALOGS
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


@functools.lru_cache(maxsize=None)
def markdown():
    """The MyST parser the pages are read with (conf.py's settings)."""
    import conf
    from myst_parser.config.main import MdParserConfig

    return markdown_parser(MdParserConfig(enable_extensions=set(conf.myst_enable_extensions),
                                          substitutions=conf.myst_substitutions,
                                          heading_anchors=conf.myst_heading_anchors))


def markup_problem(catalog, msgid, msgstr):
    """Why the build would refuse this translation (ext/catalog_guard.py), or None."""
    return message_problem(None if catalog.stem in INTERFACE_CATALOGS else markdown(), msgid, msgstr)


def glossary():
    """(Vietnamese term, terms to avoid) from the glossary that the glossary page shows."""
    with open(LOCALE / "vi" / "glossary.csv", encoding="utf-8", newline="") as f:
        return [(row["Tiếng Việt"], [t for t in row["Avoid"].split("|") if t]) for row in csv.DictReader(f)]


def glossary_problems(msgstr):
    text = without_code(msgstr).lower()
    return [
        f"uses {avoid!r}: the glossary's term is {term!r}"
        for term, avoided in glossary()
        for avoid in avoided
        if re.search(rf"(?<!\w){re.escape(avoid.lower())}(?!\w)", text)
    ]


def translation_conflicts(paths):
    """{msgid: [(catalog, line, msgstr), ...]} for each message translated in more than one way
    across these catalogs: the same English reads the same on every page."""
    seen = {}
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
    dictionary = {"vi": "vi_VN"}[language]
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
    """A catalog must be written exactly as the refresh (msgmerge) writes it: small diffs."""
    result = subprocess.run(["msgcat", f"--width={WRAP_WIDTH}", str(path)], capture_output=True)
    if result.returncode:
        return f"msgcat cannot read it: {result.stderr.decode(errors='replace').strip()}"
    if result.stdout == path.read_bytes():
        return None
    return f"not written as `nox -s catalogs` writes it (msgcat --width={WRAP_WIDTH} {path.name})"


def progress(path):
    """(done, fuzzy, untranslated, obsolete, total): fuzzy entries are not done."""
    catalog = polib.pofile(str(path))
    entries = [e for e in catalog if not e.obsolete]
    fuzzy = sum("fuzzy" in e.flags for e in entries)
    untranslated = sum(not e.translated() and "fuzzy" not in e.flags for e in entries)
    done = len(entries) - fuzzy - untranslated
    return done, fuzzy, untranslated, len(catalog.obsolete_entries()), len(entries)


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
    parser.add_argument("command", choices=["refresh", "progress"])
    command = parser.parse_args().command
    if command == "refresh":
        for po in refresh():
            print(f"{po.relative_to(ROOT)} belongs to no page any more: git rm it")
    for language in LANGUAGES[1:]:
        report(language)  # a report: `nox -s check-catalogs` is what fails on gaps
    return 0


if __name__ == "__main__":
    sys.exit(main())
