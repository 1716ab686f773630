"""ext/search_scope.py: the words of recorded output (logs, shell sessions, tracebacks) and the
file names of code captions are not in the search index; the prose's and the code's are, and
all of it is still shown."""

import json

CONF = "extensions = ['myst_parser', 'ext.search_scope']\n"
FILES = {
    "index.md": "# Title\n\nThe worker prints a greeting.\n\n```{toctree}\npage\n```\n",
    "code.py": "def greeting():\n    return 'hello'\n",
    "worker.console": "$ flask run\n[2026-11-21 09:14:03] MainProcess at 0x7f2f9fa8ad40\n",
    "page.md": "# Page\n\n```{literalinclude} code.py\n:language: python\n:caption: welcome_sender.py\n```\n\n"
               "```{literalinclude} worker.console\n:language: console\n```\n",
}


def terms(app):
    text = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])["terms"]


def test_recorded_output_stays_out_of_the_search_index(project):
    app, warnings, pages = project(CONF, FILES)()
    assert warnings == ""
    words = terms(app)
    assert "greet" in words and "worker" in words  # the prose's (stemmed) and the code's
    assert "0x7f2f9fa8ad40" not in words and "mainprocess" not in words  # the output's
    assert not [word for word in words if "welcome_send" in word]  # the caption's file name
    assert "0x7f2f9fa8ad40" in pages["page.html"] and "welcome_sender.py" in pages["page.html"]  # still shown
