"""ext/theme_templates.py: Furo's hard-coded strings go through the interface catalog, escaped,
the view button's icon is left out, and a fix that no longer applies to Furo's template is
reported."""

import re

from ext import theme_templates
from harness.catalogs import po_text as catalog

CONF = """\
extensions = ['ext.theme_templates']
html_theme = 'furo'
locale_dirs = ['locale']
"""
FILES = {"index.rst": "Title\n=====\n\nText.\n",
         "locale/vi/LC_MESSAGES/sphinx.po": catalog({"Contents": "Mục lục", "Site navigation": "Điều hướng trang"})}


def test_theme_strings_are_translated(project):
    app, warnings, pages = project(CONF, FILES)("vi")
    assert warnings == ""
    page = pages["index.html"]
    assert "<title>Mục lục</title>" in page
    assert '<aside class="sidebar-drawer" aria-label="Điều hướng trang">' in page
    assert 'aria-label="Toggle site navigation sidebar"' in page  # no translation: English stays
    assert '<symbol id="svg-eye"' not in page and '<symbol id="svg-pencil"' in page  # the view icon goes


def test_every_string_a_fix_adds_is_escaped():
    expressions = [e for _, _, new, _ in theme_templates.FIXES for e in re.findall(r"\{\{(.*?)\}\}", new)]
    assert expressions and all(e.strip().startswith("_(") and e.strip().endswith("|e") for e in expressions)


def test_a_fix_that_no_longer_applies_is_reported(project, monkeypatch):
    fixes = [("page.html", "<a piece Furo no longer has>", "x", "a reason")]
    monkeypatch.setattr(theme_templates, "FIXES", fixes)
    app, warnings, pages = project(CONF, FILES)("en")
    assert "Furo's page.html has changed: the fix '<a piece Furo no longer has>' no longer applies" in warnings
