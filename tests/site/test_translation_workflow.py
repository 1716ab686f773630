"""Changing English never loses a translation: it turns fuzzy, and the build ignores it."""

import shutil

import polib
import pytest
from bs4 import BeautifulSoup
from tools.catalogs import refresh
from tools.site import build
from support import ROOT

OLD = "If you hold the application object, push a context yourself and do the work inside it:"
NEW = "If you hold the application object, push a context and do all the work inside it:"


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    for name in ("conf.py", "pyproject.toml"):
        root.mkdir(exist_ok=True)
        shutil.copy(ROOT / name, root / name)
    for folder in ("ext", "docs", "snippets", "locale"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    return root


def entries(path):
    return {e.msgid: (e.msgstr, sorted(e.flags)) for e in polib.pofile(str(path))}


def test_a_changed_paragraph_keeps_its_translation_as_fuzzy(project):
    index = project / "docs/index.md"
    assert OLD in index.read_text(encoding="utf-8")
    catalogs = sorted((project / "locale/vi/LC_MESSAGES").glob("*.po"))
    before = {po.name: entries(po) for po in catalogs}
    translation = before["index.po"][OLD][0]
    assert translation, "the paragraph this test changes must be translated"

    index.write_text(index.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    assert refresh(project) == []

    changed = polib.pofile(str(project / "locale/vi/LC_MESSAGES/index.po")).find(NEW)
    assert changed.msgstr == translation
    assert "fuzzy" in changed.flags
    assert changed.previous_msgid == OLD  # the translator sees what changed
    after = {po.name: entries(po) for po in catalogs}
    del before["index.po"][OLD], after["index.po"][NEW]
    assert after == before  # every other entry, in every catalog, untouched

    code, warnings = build(project, "vi", project.parent / "out")
    assert (code, warnings) == (0, "")
    page = BeautifulSoup((project.parent / "out/html/vi/index.html").read_text(encoding="utf-8"), "html.parser")
    text = " ".join(page.get_text().split())
    assert NEW in text and translation not in text  # a fuzzy translation is not used
