"""ext/sitemap_serial.py: the sitemap lists every page, and a serial build starts no process."""

import multiprocessing

import pytest

CONF = """\
extensions = ['ext.sitemap_serial']
html_baseurl = 'https://example.org/en/'
sitemap_url_scheme = '{link}'
"""
FILES = {"index.rst": "Title\n=====\n\n.. toctree::\n\n   other\n", "other.rst": "Other\n=====\n\nText.\n"}


# sphinx-sitemap 2.9 reaches the app through env.app, which Sphinx 9 deprecates
@pytest.mark.filterwarnings("ignore:'sphinx.environment.BuildEnvironment.app' is deprecated")
def test_a_serial_build_lists_every_page_without_a_process_of_its_own(project):
    before = set(multiprocessing.active_children())
    app, warnings, pages = project(CONF, FILES)()
    assert set(multiprocessing.active_children()) == before  # sphinx-sitemap's Manager would be one
    sitemap = (app.outdir / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/en/index.html" in sitemap and "https://example.org/en/other.html" in sitemap
