"""ext/source_links.py: every page links to its source, a translated page to its catalog and to
the translators' guide, and every footer states the licences and the repository's addresses."""

from harness.catalogs import po_text
from harness.project import ROOT

REPOSITORY = "https://github.com/example/guide"
CONF = f"""\
extensions = ['myst_parser', 'ext.languages', 'ext.source_links']
html_theme = 'furo'
templates_path = ['_templates']
locale_dirs = ['locale']
guide_languages = {{'en': 'English', 'vi': 'Tiếng Việt'}}
guide_repository = '{REPOSITORY}'
guide_branch = 'trunk'
"""
FOOTER = (ROOT / "docs/_templates/page.html").read_text(encoding="utf-8")
EDIT_BUTTON = (ROOT / "docs/_templates/components/edit-this-page.html").read_text(encoding="utf-8")
FILES = {
    "index.md": "# Title\n\n```{toctree}\nsub/page\ntranslating\n```\n",
    "sub/page.md": "# Page\n",
    "translating.md": "# Translating\n",
    "404.md": "---\norphan: true\n---\n# Not found\n",
    "_templates/page.html": FOOTER,
    "_templates/components/edit-this-page.html": EDIT_BUTTON,
    "locale/vi/LC_MESSAGES/sphinx.po": po_text({"Edit this page": "Sửa bản dịch của trang này"}),
}


def test_a_source_page_links_to_its_markdown_and_states_the_licences(project):
    app, warnings, pages = project(CONF, FILES)("en")
    assert warnings == ""
    page = (app.outdir / "sub/page.html").read_text(encoding="utf-8")
    assert f'href="{REPOSITORY}/edit/trunk/docs/sub/page.md" rel="edit"' in page
    assert f'<a href="{REPOSITORY}/blob/trunk/LICENSE">CC BY-SA 4.0</a>' in page
    assert f'<a href="{REPOSITORY}/blob/trunk/LICENSE-snippets">0BSD</a>' in page
    assert f'<a href="{REPOSITORY}/issues">its issue tracker</a>' in page
    assert "LC_MESSAGES" not in page  # no catalog on a source page
    # a landmark of its own, named (axe-core's region rule), and no hidden text outside one
    assert '<nav class="edit-this-page" aria-label="Edit this page">' in page
    assert "visually-hidden\">Edit this page" not in page


def test_a_translated_page_links_to_its_catalog_and_the_translators_guide(project):
    app, warnings, pages = project(CONF, FILES)("vi")
    assert [w for w in warnings.splitlines() if "Docutils-generated text" not in w] == []  # docutils: no vi
    page = (app.outdir / "sub/page.html").read_text(encoding="utf-8")
    catalog = "locale/vi/LC_MESSAGES/sub/page.po"
    assert f'href="{REPOSITORY}/edit/trunk/{catalog}" rel="edit" title="Sửa bản dịch của trang này"' in page
    assert f'<a href="{REPOSITORY}/blob/trunk/{catalog}">{catalog}</a>' in page
    assert '<a href="../translating.html">how to translate it</a>' in page
    assert f'<a href="{REPOSITORY}/blob/trunk/LICENSE">CC BY-SA 4.0</a>' in page
    # the 404 page is served at any address: its link starts at the language's root
    assert '<a href="/vi/translating.html">how to translate it</a>' in pages["404.html"]


def test_without_a_repository_nothing_is_added(project):
    conf = CONF.replace(f"guide_repository = '{REPOSITORY}'", "")
    app, warnings, pages = project(conf, FILES)("en")
    assert warnings == ""
    assert 'rel="edit"' not in pages["index.html"] and "guide-source" not in pages["index.html"]
