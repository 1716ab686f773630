"""ext/search_scope.py: the words of recorded output (logs, shell sessions, tracebacks), the
file names of code captions, a Python block's own names and capitalised stop words are not in
the search index; the prose and the library names the code uses are, and all of it is still
shown."""

import json

CONF = "extensions = ['myst_parser', 'ext.search_scope']\n"
CODE = """\
from flask_apscheduler import APScheduler

def refresh_gallery():
    scheduler = APScheduler()
    scheduler.add_job("nightly", func=print, trigger="cron", hour=3)  # runs at night
"""
FILES = {
    "index.md": "# Title\n\nThe worker prints a greeting. When it stops, nothing is sent.\n\n"
                "```{toctree}\npage\n```\n",
    "code.py": CODE,
    "worker.console": "$ flask run\n[2026-11-21 09:14:03] MainProcess at 0x7f2f9fa8ad40\n",
    "page.md": "# Page\n\n```{literalinclude} code.py\n:language: python\n:caption: welcome_sender.py\n```\n\n"
               "```{literalinclude} worker.console\n:language: console\n```\n\n"
               "```python\n    if pending_thumbnail:\n```\n",
}


def terms(app):
    text = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    return {**index["terms"], **index["titleterms"]}


def test_recorded_output_stays_out_of_the_search_index(project):
    app, warnings, pages = project(CONF, FILES)()
    assert warnings == ""
    words = terms(app)
    assert "greet" in words and "worker" in words  # the prose's (stemmed)
    assert "0x7f2f9fa8ad40" not in words and "mainprocess" not in words  # the output's
    assert not [word for word in words if "welcome_send" in word]  # the caption's file name
    assert "0x7f2f9fa8ad40" in pages["page.html"] and "welcome_sender.py" in pages["page.html"]  # still shown


def test_python_is_indexed_by_the_library_names_it_uses(project):
    app, warnings, pages = project(CONF, FILES)()
    assert warnings == ""
    words = terms(app)
    # what it imports, the attributes it reads, the keyword arguments it passes
    assert {"flask_apschedul", "apschedul", "add_job", "func", "trigger", "hour"} <= set(words)
    # its own names, its strings and its comments
    assert not {"refresh_galleri", "schedul", "night", "cron"} & set(words)
    assert "pending_thumbnail" in words  # an excerpt that is no whole Python: word for word
    assert "refresh_gallery" in pages["page.html"] and "runs at night" in pages["page.html"]  # still shown


def test_no_stop_word_is_indexed_whatever_its_case(project):
    app, warnings, pages = project(CONF, FILES)()
    words = terms(app)
    assert "stop" in words and "sent" in words
    assert not {"The", "When", "the", "when"} & set(words)


def test_the_names_are_no_message_for_translators(project, tmp_path):
    """Sphinx makes every meta tag a message: the names' tag is added after the catalogs' reading."""
    from sphinx.testing.util import SphinxTestApp

    project(CONF, FILES)  # writes the sources
    app = SphinxTestApp("gettext", srcdir=tmp_path / "src", builddir=tmp_path / "gettext")
    try:
        app.build()
    finally:
        app.cleanup()
    catalog = (app.outdir / "page.pot").read_text(encoding="utf-8")
    assert "add_job" not in catalog and 'msgid "Page"' in catalog


LONG = "A heading as long as a sentence, which nobody types whole"


def test_a_title_no_query_reaches_as_a_title_is_left_out_of_the_titles_alone(project):
    """Sphinx's search page matches a title only with a query at least half as long, typed as
    it is: a long one stays out of `alltitles`, its words in `titleterms`."""
    files = {**FILES, "page.md": f"# Page\n\n## Short title\n\nText.\n\n## {LONG}\n\nMore text.\n"}
    app, warnings, pages = project(CONF, files)()
    assert warnings == ""
    text = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    assert "Short title" in index["alltitles"] and "Page" in index["alltitles"]
    assert LONG not in index["alltitles"] and len(LONG) > 50
    assert {"sentenc", "nobodi"} <= set(index["titleterms"])
    assert text.startswith("Search.setIndex(")  # still the index the search page loads
