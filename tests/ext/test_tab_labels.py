"""ext/tab_labels.py: tab labels come from the page's catalog, the tab list's name from the
interface catalog, and no i18n bookkeeping reaches the HTML."""

from harness.catalogs import po_text as catalog

CONF = """\
extensions = ['myst_parser', 'ext.tab_labels']
locale_dirs = ['locale']
"""
PAGE = "# Title\n\n````{tabs}\n```{tab} Old Flask\nText one.\n```\n```{tab} New Flask\nText two.\n```\n````\n"
FILES = {
    "index.md": PAGE,
    "locale/vi/LC_MESSAGES/index.po": catalog({"Old Flask": "Flask cũ", "Text one.": "Chữ một."}),
    "locale/vi/LC_MESSAGES/sphinx.po": catalog({"Tabbed content": "Nội dung theo thẻ"}),
}


def test_labels_and_the_tab_list_are_translated(project):
    app, warnings, pages = project(CONF, FILES)("vi")
    page = pages["index.html"]
    assert ">Flask cũ</button>" in page and ">New Flask</button>" in page
    assert 'aria-label="Nội dung theo thẻ"' in page
    assert "translated=" not in page
