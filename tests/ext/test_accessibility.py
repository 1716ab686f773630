"""ext/accessibility.py: navigation captions are headings with a level, and a scrolling code
block or table can be reached by keyboard."""

CONF = """\
extensions = ['ext.accessibility']
html_theme = 'furo'
"""
FILES = {
    "index.rst": "Title\n=====\n\n.. toctree::\n   :caption: Part\n\n   other\n\n.. code-block:: python\n\n   x = 1\n\n"
                 "== ==\na  b\n== ==\n",
    "other.rst": "Other\n=====\n",
}


def test_captions_get_a_level_and_scrolling_blocks_a_tab_stop(project):
    app, warnings, pages = project(CONF, FILES)()
    page = pages["index.html"]
    assert '<p class="caption" role="heading" aria-level="2">' in page
    assert '<p class="caption" role="heading">' not in page
    assert page.count('<div class="highlight"><pre') == page.count('<div class="highlight"><pre tabindex="0">') == 1
    wrapper = page.split('<div class="table-wrapper', 1)[1].split(">", 1)[0]
    assert wrapper.endswith(' tabindex="0"')
