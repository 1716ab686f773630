"""Changing English never loses a translation: it turns fuzzy, and the build ignores it. The
refresh (`nox -s catalogs`) is sphinx-intl's update with the previous msgids kept and the
catalogs written as they are committed; a plain `sphinx-intl update`, as translators from other
Sphinx projects type it, loses no translation either, and the refresh undoes its rewrapping."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup

from harness.project import ROOT
from tools.catalogs import PLACEHOLDERS, TEMPLATES, refresh, templates, wrapping_problem
from tools.guide import ISSUES
from tools.site import build

OLD = "If you hold the application object, push a context yourself and do the work inside it:"
NEW = "If you hold the application object, push a context and do all the work inside it:"


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    for name in ("conf.py", "pyproject.toml"):
        root.mkdir(exist_ok=True)
        shutil.copy(ROOT / name, root / name)
    for folder in ("ext", "tools", "docs", "snippets", "locale"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    return root


def entries(path):
    return {e.msgid: (e.msgstr, sorted(e.flags)) for e in polib.pofile(str(path))}


def catalogs(project):
    return sorted((project / "locale/vi/LC_MESSAGES").glob("*.po"))


def change_the_english(project):
    index = project / "docs/index.md"
    assert OLD in index.read_text(encoding="utf-8")
    index.write_text(index.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")


def test_a_changed_paragraph_keeps_its_translation_as_fuzzy(project):
    before = {po.name: entries(po) for po in catalogs(project)}
    files = {po.name: po.read_bytes() for po in catalogs(project)}
    written = {po.name: po.stat().st_mtime_ns for po in catalogs(project)}
    translation = before["index.po"][OLD][0]
    assert translation, "the paragraph this test changes must be translated"

    change_the_english(project)
    assert refresh(project) == []

    changed = polib.pofile(str(project / "locale/vi/LC_MESSAGES/index.po")).find(NEW)
    assert changed.msgstr == translation
    assert "fuzzy" in changed.flags
    assert changed.previous_msgid == OLD  # the translator sees what changed
    after = {po.name: entries(po) for po in catalogs(project)}
    del before["index.po"][OLD], after["index.po"][NEW]
    assert after == before  # every other entry, in every catalog, untouched
    # and written as they were: only the changed catalog's bytes differ, still as msgcat writes it
    assert [po.name for po in catalogs(project) if po.read_bytes() != files[po.name]] == ["index.po"]
    # nor written at all: an editor that has one open, or `serve -- vi`, sees no change
    assert [po.name for po in catalogs(project) if po.stat().st_mtime_ns != written[po.name]] == ["index.po"]
    assert wrapping_problem(project / "locale/vi/LC_MESSAGES/index.po") is None
    fuzzy = (project / "locale/vi/LC_MESSAGES/index.po").read_bytes()
    assert refresh(project) == []  # a second refresh keeps the previous msgid and changes nothing
    assert (project / "locale/vi/LC_MESSAGES/index.po").read_bytes() == fuzzy

    code, warnings = build(project, "vi", project.parent / "out")
    assert (code, warnings) == (0, "")
    page = BeautifulSoup((project.parent / "out/html/vi/index.html").read_text(encoding="utf-8"), "html.parser")
    text = " ".join(page.get_text().split())
    assert NEW in text and translation not in text  # a fuzzy translation is not used


def test_a_paragraph_that_comes_back_takes_back_its_translation(project):
    """Removed, it stays in the catalog as obsolete; put back, the refresh revives it translated
    (not a second, untranslated copy beside the obsolete one, which msgcat would refuse)."""
    index = project / "docs/index.md"
    english = index.read_text(encoding="utf-8")
    po = project / "locale/vi/LC_MESSAGES/index.po"
    translation = polib.pofile(str(po)).find(OLD).msgstr
    index.write_text(english.replace(OLD, ""), encoding="utf-8")
    assert refresh(project) == []
    assert polib.pofile(str(po)).find(OLD) is None
    assert [e.msgstr for e in polib.pofile(str(po)).obsolete_entries() if e.msgid == OLD] == [translation]

    index.write_text(english, encoding="utf-8")
    assert refresh(project) == []
    back = polib.pofile(str(po)).find(OLD)
    assert (back.msgstr, back.flags) == (translation, [])
    assert [e for e in polib.pofile(str(po)).obsolete_entries() if e.msgid == OLD] == []
    assert wrapping_problem(po) is None


def test_a_refresh_writes_only_the_catalogs_whose_messages_changed(project):
    """A catalog left as it was keeps its bytes and its modification time: the running
    Vietnamese preview then rebuilds only the pages of the catalog that changed."""
    long_ago = 1_000_000_000_000_000_000  # 2001, in nanoseconds
    for po in catalogs(project):
        os.utime(po, ns=(long_ago, long_ago))
    files = {po.name: po.read_bytes() for po in catalogs(project)}
    change_the_english(project)
    assert refresh(project) == []
    written = [po.name for po in catalogs(project) if po.stat().st_mtime_ns != long_ago]
    assert written == ["index.po"]
    assert [po.name for po in catalogs(project) if po.read_bytes() != files[po.name]] == ["index.po"]

    os.utime(project / "locale/vi/LC_MESSAGES/index.po", ns=(long_ago, long_ago))
    assert refresh(project) == []  # nothing changed since: nothing written
    assert [po.name for po in catalogs(project) if po.stat().st_mtime_ns != long_ago] == []


def test_a_new_page_gets_a_catalog_the_build_accepts(project):
    (project / "docs/extra.md").write_text(
        '---\nmyst:\n  html_meta:\n    description: "An extra page."\n---\n\n# Extra\n\nA new paragraph.\n',
        encoding="utf-8",
    )
    index = project / "docs/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("\n:hidden:\n", "\n:hidden:\n\nextra\n", 1),
                     encoding="utf-8")
    assert refresh(project) == []
    new = project / "locale/vi/LC_MESSAGES/extra.po"
    assert {e.msgid for e in polib.pofile(str(new))} == {"An extra page.", "Extra", "A new paragraph."}
    assert wrapping_problem(new) is None
    metadata = polib.pofile(str(new)).metadata
    assert metadata["Language"] == "vi" and metadata["Plural-Forms"].startswith("nplurals=1")
    # its header names the project, the page and the team's address, no tool's placeholder
    assert metadata["Report-Msgid-Bugs-To"] == ISSUES and metadata["Language-Team"] == f"Vietnamese <{ISSUES}>"
    assert "docs/extra.md" in polib.pofile(str(new)).header
    assert not any(p in new.read_text(encoding="utf-8") for p in PLACEHOLDERS)
    assert build(project, "vi", project.parent / "out") == (0, "")


def sphinx_intl(*arguments, cwd):
    """sphinx-intl as a translator runs it, from the project's folder."""
    script = Path(sys.executable).with_name("sphinx-intl")
    return subprocess.run([str(script), *arguments], cwd=cwd, capture_output=True, text=True)


def test_a_plain_sphinx_intl_update_loses_no_translation(project):
    """What translators from other Sphinx projects type: it keeps every translation (a changed
    message turns fuzzy), but drops the previous msgid and rewraps the catalogs it writes;
    `nox -s catalogs` afterwards writes them as committed again."""
    before = {po.name: entries(po) for po in catalogs(project)}
    files = {po.name: po.read_bytes() for po in catalogs(project)}
    translation = before["index.po"][OLD][0]
    change_the_english(project)
    templates(project)
    update = sphinx_intl("update", "-p", str(TEMPLATES), "-l", "vi", cwd=project)
    assert update.returncode == 0, update.stderr

    index = project / "locale/vi/LC_MESSAGES/index.po"
    changed = polib.pofile(str(index)).find(NEW)
    assert changed.msgstr == translation and "fuzzy" in changed.flags
    assert changed.previous_msgid is None  # what it loses: the old English beside the fuzzy one
    after = {po.name: entries(po) for po in catalogs(project)}
    del before["index.po"][OLD], after["index.po"][NEW]
    assert after == before  # no translation lost
    # it writes only the catalogs whose messages changed, but rewraps those at its own width
    assert [po.name for po in catalogs(project) if po.read_bytes() != files[po.name]] == ["index.po"]
    assert wrapping_problem(index) is not None

    assert refresh(project) == []
    assert all(wrapping_problem(po) is None for po in catalogs(project))
    assert {po.name: entries(po) for po in catalogs(project)}["index.po"][NEW] == (translation, ["fuzzy"])

    stat = sphinx_intl("stat", "-l", "vi", cwd=project)  # its report works here too, and fails
    assert stat.returncode == 1 and "index.po: " in stat.stdout  # while a message is fuzzy
    assert ", 1 fuzzy, " in stat.stdout.split("index.po: ")[1].splitlines()[0]
