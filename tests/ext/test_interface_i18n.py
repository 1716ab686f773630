"""ext/interface_i18n.py: the site's title, name and copyright line, the search page's messages
and the copy button's come from the interface catalog; nothing of it runs as code or reaches
HTML unescaped."""

import json

from harness.catalogs import po_text as catalog

CONF = """\
extensions = ['ext.interface_i18n', 'sphinx_copybutton', 'sphinxext.opengraph']
html_theme = 'furo'
html_title = 'The guide'
project = 'Flask: the guide'
copyright = '2026, The authors'
ogp_site_url = 'https://example.org/'
import os
locale_dirs = [os.path.join(os.path.dirname(__file__), 'locale')]  # as conf.py: Sphinx finds sphinx.js from the cwd
guide_languages = {'en': 'English', 'vi': 'Tiếng Việt'}
"""
FILES = {
    "index.rst": "Title\n=====\n\nText.\n",
    "locale/vi/LC_MESSAGES/sphinx.po": catalog({
        "The guide": "Hướng dẫn", "Flask: the guide": "Hướng dẫn về Flask",
        "2026, The authors": "2026, các tác giả", "Searching": "Đang tìm", "Copy": "Sao chép",
        "Search the guide to Flask's application context error.": "Tìm trong hướng dẫn.",
    }),
}


def test_the_interface_is_translated(project):
    app, warnings, pages = project(CONF, FILES)("vi")
    assert "Hướng dẫn</span>" in pages["index.html"]  # the sidebar brand
    assert "<title>Hướng dẫn</title>" in pages["index.html"]  # the home page: the site's title alone
    assert "&#169; 2026, các tác giả" in pages["index.html"]  # the footer's copyright line
    assert '<meta property="og:site_name" content="Hướng dẫn về Flask" />' in pages["index.html"]
    assert "The guide" not in pages["index.html"] and "The authors" not in pages["index.html"]
    script = (app.outdir / "_static/translations.js").read_text(encoding="utf-8")
    assert "new Function" not in script and "addTranslations" not in script  # no string runs as code
    messages = json.loads(script.split("Object.assign(Documentation.TRANSLATIONS, ", 1)[1].split(");\n", 1)[0])
    # what a script asks for and is translated; Sphinx's own Vietnamese for these is empty,
    # "The guide" and "Copy" are translated but no script of Sphinx's asks for them
    assert messages == {"Searching": "Đang tìm"}
    copy = (app.outdir / "_static/copybutton.js").read_text(encoding="utf-8")
    assert '"vi": {"copy": "Sao chép", "copy_to_clipboard": "Copy to clipboard"' in copy
    assert '<meta name="description" content="Tìm trong hướng dẫn.">' in pages["search.html"]


def test_the_source_language_is_left_alone(project):
    app, warnings, pages = project(CONF, FILES)("en")
    assert "<title>The guide</title>" in pages["index.html"] and "2026, The authors" in pages["index.html"]
    assert '<meta property="og:site_name" content="Flask: the guide" />' in pages["index.html"]
    assert not (app.outdir / "_static/translations.js").exists()
    assert '"vi":' not in (app.outdir / "_static/copybutton.js").read_text(encoding="utf-8")
