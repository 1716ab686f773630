"""ext/glossary_table.py: the glossary's Avoid column shows its terms as a list, never the CSV's
"|" separator, and the cell is translated as it is shown."""

from ext.glossary_table import readable
from harness.catalogs import po_text as catalog

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


HOSTILE = (
    "English,Avoid,Notes\n"
    'context,bối cảnh,"<script>alert(1)</script> and <form action=https://evil.example/>"\n'
    "task,nhiệm vụ,{download}`/etc/passwd` and [a site](other.md) and `current_app`\n"
    'thread,luồng,"```{raw} html\n<iframe src=x></iframe>\n```"\n'
)


def test_a_cell_is_plain_text_in_both_languages(project):
    """locale/vi/glossary.csv comes from anyone: no HTML, role, directive or link of it reaches
    a page, in English or translated; code in backticks stays code."""
    note = "{download}`/etc/passwd` and [a site](other.md) and `current_app`"
    files = {"index.md": PAGE, "terms.csv": HOSTILE, "other.md": "# Other\n",
             "locale/vi/LC_MESSAGES/index.po": catalog({note.replace('"', '\\"'): "<b>đậm</b> `current_app`"})}
    build = project(CONF, files)
    for language in ("en", "vi"):
        app, warnings, pages = build(language)
        page = pages["index.html"]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
        assert "<form action" not in page and "<iframe" not in page and "<b>" not in page
        assert "_downloads" not in page and not (app.outdir / "_downloads").exists()
        assert 'href="other.html"' not in page and "evil.example\"" not in page
        assert '<code class="docutils literal notranslate"><span class="pre">current_app</span></code>' in page
        assert "terms.csv:2: WARNING: an address in a glossary cell ('https://evil.example/')" in warnings
    assert "&lt;b&gt;đậm&lt;/b&gt;" in page  # the translation too is text


def test_the_glossary_is_a_plain_file_of_the_project(project, tmp_path):
    elsewhere = tmp_path / "elsewhere.csv"
    elsewhere.write_text(CSV, encoding="utf-8")
    build = project(CONF, {"index.md": PAGE})
    (tmp_path / "src/terms.csv").symlink_to(elsewhere)  # the project fixture's source folder
    app, warnings, pages = build()
    assert "must be a plain file of the project, not a symbolic link" in warnings
    assert "nhiệm vụ" not in pages["index.html"]


def test_the_source_language_index_holds_its_own_words_only(project):
    """Searching the English site for a Vietnamese word finds nothing; the Vietnamese site's
    search finds a term to avoid (the glossary then shows the one to use)."""
    import json

    conf = CONF.replace("'ext.glossary_table'", "'ext.languages', 'ext.glossary_table'")
    conf += "guide_languages = {'en': 'English', 'vi': 'Tiếng Việt'}\n"
    csv = "English,Tiếng Việt,Avoid,Notes\nthread,luồng,tiểu trình,a worker thread\n"
    build = project(conf, {"index.md": PAGE, "terms.csv": csv})
    words = {}
    for language in ("en", "vi"):
        app, warnings, pages = build(language)
        assert language == "vi" or warnings == ""  # docutils has no Vietnamese words of its own
        index = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
        words[language] = json.loads(index[index.index("(") + 1:index.rindex(")")])["terms"]
    assert "thread" in words["en"] and "worker" in words["en"]  # English and Notes columns
    assert not {"luồng", "tiểu", "trình"} & set(words["en"])
    assert {"luồng", "tiểu", "trình"} <= set(words["vi"])
