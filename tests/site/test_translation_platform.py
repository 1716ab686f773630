"""Weblate, the translation platform this project is set up for (.weblate, CONTRIBUTING.md),
reads and writes gettext catalogs with translate-toolkit: every catalog goes through that file
handling and back with nothing lost, and a catalog as Weblate saves it after an edit (its header
updated, the edited message wrapped at its 77 columns) passes the translators' check as it is."""

import configparser

import pytest
from translate.storage import po

from ext.catalog_guard import read_catalog
from tools.catalogs import all_catalogs, file_problem, parsed, wrapping_problem
from tools.guide import ROOT

CATALOGS = all_catalogs("vi")


def through_weblate(path, target, edit=None):
    """The catalog as Weblate writes it back: parsed and saved by translate-toolkit, its longest
    translation changed by `edit` and the header updated as Weblate does on a save."""
    store = po.pofile.parsefile(str(path))
    if edit is not None:
        units = [u for u in store.units if not u.isheader() and u.target and not u.isobsolete()]
        unit = max(units, key=lambda u: len(u.target))  # the longest: the one Weblate rewraps most
        unit.target = edit(unit.target)
        store.updateheader(add=True, Last_Translator="Nguyễn Văn An <an@example.org>",
                           PO_Revision_Date="2026-12-04 10:00+0000", X_Generator="Weblate 5.14")
    target.write_bytes(bytes(store))
    return target, unit.target if edit is not None else None


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_a_catalog_goes_through_weblate_with_nothing_lost(path, tmp_path):
    written, _ = through_weblate(path, tmp_path / path.name)
    assert parsed(written.read_text(encoding="utf-8")) == parsed(path.read_text(encoding="utf-8"))
    assert file_problem(written) is None


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_a_catalog_weblate_saved_after_an_edit_passes_the_check(path, tmp_path):
    written, edited = through_weblate(path, tmp_path / path.name, edit=lambda text: text + " (sửa)")
    before, after = parsed(path.read_text(encoding="utf-8")), parsed(written.read_text(encoding="utf-8"))
    changed = [(old, new) for old, new in zip(before[2], after[2]) if old != new]
    assert len(before[2]) == len(after[2]) and len(changed) == 1  # the one message edited, no other
    assert changed[0][1][3] == edited or changed[0][1][4] == [(0, edited)]
    assert file_problem(written) is None
    read_catalog(written, "vi")  # and the build takes it


def test_weblate_wraps_an_edited_message_otherwise_than_the_refresh(tmp_path):
    """What the check's leniency is for: Weblate's 77 columns are not msgcat's 79."""
    written, _ = through_weblate(ROOT / "locale/vi/LC_MESSAGES/fix-threads.po", tmp_path / "fix-threads.po",
                                 edit=lambda text: text + " (sửa)")
    assert wrapping_problem(written) is not None and file_problem(written) is None


def test_the_weblate_client_finds_the_project():
    config = configparser.ConfigParser()
    assert config.read(ROOT / ".weblate") and config["weblate"]["url"].endswith("/api/")
    assert config["weblate"]["translation"] == "flask-app-context-guide"
