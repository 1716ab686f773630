"""ext/languages.py: each page links to itself in every language, for readers and search
engines; tools/guide.py finds each language's address, on Read the Docs too."""

from tools.guide import GUIDE, base_url_template

CONF = """\
extensions = ['ext.languages']
html_theme = 'furo'
templates_path = ['_templates']
html_sidebars = {'**': ['sidebar/languages.html']}
guide_languages = {'en': 'English', 'vi': 'Tiếng Việt'}
guide_base_url = 'https://example.org/{language}/'
"""
SWITCHER = ('{% for link in language_links %}<a href="{{ link.url }}" hreflang="{{ link.code }}">'
            '{{ link.name }}</a>{% endfor %}')
FILES = {"index.rst": "Title\n=====\n\n.. toctree::\n\n   sub/page\n", "sub/page.rst": "Page\n====\n",
         "_templates/sidebar/languages.html": SWITCHER}


def test_every_page_links_to_itself_in_each_language(project):
    app, warnings, pages = project(CONF, FILES)("vi")
    page = (app.outdir / "sub/page.html").read_text(encoding="utf-8")
    assert '<a href="../../en/sub/page.html" hreflang="en">English</a>' in page
    assert '<link rel="alternate" hreflang="vi" href="https://example.org/vi/sub/page.html">' in page
    assert '<link rel="alternate" hreflang="x-default" href="https://example.org/en/sub/page.html">' in page
    assert '<link rel="canonical" href="https://example.org/vi/sub/page.html">' in page


def test_the_base_url_comes_from_the_environment_or_read_the_docs():
    assert base_url_template({}) == GUIDE["base_url"]
    assert base_url_template({"GUIDE_BASE_URL": "https://x.test/{language}/"}) == "https://x.test/{language}/"
    rtd = {"READTHEDOCS_CANONICAL_URL": "https://guide.readthedocs.io/vi/latest/", "READTHEDOCS_LANGUAGE": "vi"}
    assert base_url_template(rtd) == "https://guide.readthedocs.io/{language}/latest/"
