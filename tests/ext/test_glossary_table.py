"""ext/glossary_table.py: the glossary's Avoid column shows its terms as a list, never the CSV's
"|" separator, and the cell is translated as it is shown."""

from support import po_text as catalog

from ext.glossary_table import readable

CONF = """\
extensions = ['myst_parser', 'ext.glossary_table']
locale_dirs = ['locale']
"""
CSV = "English,Avoid,Notes\ncontext,bối cảnh|văn cảnh,a|b stays\ntask,nhiệm vụ,\n"
PAGE = "# Terms\n\n```{glossary-table}\n:file: terms.csv\n:header-rows: 1\n```\n"


def test_an_avoid_cell_reads_as_a_list():
    assert readable("bối cảnh|văn cảnh") == "bối cảnh, văn cảnh"
    assert readable("nhiệm vụ") == "nhiệm vụ"
    assert readable("") == ""


def test_the_table_shows_the_list_and_only_in_the_avoid_column(project):
    app, warnings, pages = project(CONF, {"index.md": PAGE, "terms.csv": CSV})()
    page = pages["index.html"]
    assert warnings == ""
    assert "<p>bối cảnh, văn cảnh</p>" in page and "bối cảnh|văn cảnh" not in page
    assert "<p>a|b stays</p>" in page  # other columns are shown as they are
    assert "<p>nhiệm vụ</p>" in page


def test_the_shown_cell_is_the_message_translated(project):
    files = {"index.md": PAGE, "terms.csv": CSV,
             "locale/vi/LC_MESSAGES/index.po": catalog({"bối cảnh, văn cảnh": "bối cảnh, văn cảnh (vi)"})}
    app, warnings, pages = project(CONF, files)("vi")
    assert "<p>bối cảnh, văn cảnh (vi)</p>" in pages["index.html"]
