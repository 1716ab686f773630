"""ext/catalog_guard.py: a translated build uses only sound catalogs, and of them only the
messages that add nothing to their source. (tests/site/test_hostile_catalogs.py builds the
project itself with each kind of hostile catalog.)"""

import pytest
from support import PO_HEADER as HEADER
from support import po_text as catalog

from ext import catalog_guard
from ext.catalog_guard import CatalogProblem, read_catalog

CONF = """\
extensions = ['myst_parser', 'ext.catalog_guard']
language = 'vi'
locale_dirs = ['locale']
guide_languages = {'en': 'English', 'vi': 'Tiếng Việt'}
"""
PAGE = "# Title\n\nSome `code` here.\n"


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        (HEADER + '\nmsgid "a"\nmsgstr "b\n', 7, "not a comment, keyword or closed string"),
        (HEADER + '\nmsgid "a"\nmsgtxt "b"\n', 7, "not a comment, keyword or closed string"),
        (HEADER + '\n# note\n"stray"\n', 7, "Got line starting"),
        (HEADER + '\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 9, "already in the catalog, line 6"),
        (HEADER.replace("UTF-8", "ISO-8859-1"), 3, "Content-Type"),
        (HEADER.replace("plural=0", "plural=alert(1)"), 4, "Plural-Forms"),
    ],
)
def test_a_broken_catalog_is_reported_at_its_line(tmp_path, text, line, problem):
    po = tmp_path / "page.po"
    po.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogProblem) as raised:
        read_catalog(po, "vi")
    assert (raised.value.line, problem in str(raised.value)) == (line, True), str(raised.value)


def test_a_sound_catalog_reads(tmp_path):
    po = tmp_path / "page.po"
    po.write_text(HEADER + '\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n"c"\n', encoding="utf-8")
    assert read_catalog(po, "vi")["a"].string == "bc"


def test_a_refused_message_is_not_used_and_the_sound_ones_are(project):
    build = project(CONF, {"index.md": PAGE, "locale/vi/LC_MESSAGES/index.po": catalog(
        {"Title": "Tiêu đề", "Some `code` here.": "Có `other` ở đây."})})
    app, warnings, pages = build("vi")
    assert "index.po:9: WARNING: translation refused, the English is shown instead: its markup differs" in warnings
    assert "Tiêu đề" in pages["index.html"]
    assert "Some <code" in pages["index.html"] and "other" not in pages["index.html"]


def test_a_broken_catalog_warns_at_every_build_and_a_sound_one_is_checked_once(project, monkeypatch):
    broken = catalog({"Title": "Tiêu đề"}).replace('"Tiêu đề"', '"Tiêu đề')
    build = project(CONF, {"index.md": PAGE, "locale/vi/LC_MESSAGES/index.po": broken})
    for _ in range(2):  # the second build finds it as broken as the first
        assert "index.po:7: WARNING: broken catalog" in build("vi")[1]
    build = project(CONF, {"index.md": PAGE, "locale/vi/LC_MESSAGES/index.po": catalog({"Title": "Tiêu đề"})})
    assert "WARNING" not in build("vi")[1]
    monkeypatch.setattr(catalog_guard, "read_catalog", None)  # remembered as sound: not read again
    app, warnings, pages = build("vi")
    assert "WARNING" not in warnings and "Tiêu đề" in pages["index.html"]


def test_the_source_language_is_not_checked(project, monkeypatch):
    monkeypatch.setattr(catalog_guard, "read_catalog", None)
    build = project(CONF, {"index.md": PAGE, "locale/vi/LC_MESSAGES/index.po": "broken"})
    assert "WARNING" not in build("en")[1]
