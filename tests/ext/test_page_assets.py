"""ext/page_assets.py: a page without code loads no copy button, no Pygments styles and no
Furo extension styles; Furo's rules for what no page shows are left out; the static scripts and
stylesheets are sent minified, those that ship minified are left alone."""

from pathlib import Path

import furo

CONF = """\
extensions = ['ext.page_assets', 'sphinx_copybutton']
html_theme = 'furo'
html_static_path = ['_static']
"""
OWN_SCRIPT = "const isLibrary = (frame) =>\n  /\\/lib\\//.test(frame);\n"
FILES = {
    "_static/own.js": OWN_SCRIPT,
    "index.rst": "Title\n=====\n\n.. toctree::\n\n   code\n",
    "code.rst": "Code\n====\n\n.. code-block:: python\n\n   print('hello')\n",
}
CODE_ASSETS = ("copybutton.js", "clipboard.min.js", "copybutton.css", "pygments.css", "styles/furo-extensions.css")


def test_only_pages_with_code_load_the_code_assets(project):
    app, warnings, pages = project(CONF, FILES)()
    assert warnings == ""
    for asset in CODE_ASSETS:
        assert f"_static/{asset}?v=" in pages["code.html"], asset
        assert asset not in pages["index.html"], asset
        assert asset not in pages["search.html"], asset
    assert "_static/searchtools.js" in pages["search.html"]  # what the search page uses stays


def test_static_files_are_minified_and_still_work(project):
    app, warnings, pages = project(CONF, FILES)()
    static = app.outdir / "_static"
    doctools = (static / "doctools.js").read_text(encoding="utf-8")
    assert "\n  " not in doctools and "/*" not in doctools  # no indentation, no comments
    assert "const Documentation" in doctools or "Documentation=" in doctools
    assert "\n  " not in (static / "pygments.css").read_text(encoding="utf-8")
    shipped = Path(furo.__file__).parent / "theme/furo/static/scripts/furo.js"
    assert (static / "scripts/furo.js").read_bytes() == shipped.read_bytes()  # shipped minified: left as it is
    assert (static / "own.js").read_text(encoding="utf-8") == OWN_SCRIPT  # the project's own: as written


def test_the_theme_keeps_the_rules_of_what_a_page_shows_and_drops_the_others(project):
    from ext.page_assets import split_rules

    shipped = (Path(furo.__file__).parent / "theme/furo/static/styles/furo.css").read_text(encoding="utf-8")
    app, warnings, pages = project(CONF, FILES)()
    css = (app.outdir / "_static/styles/furo.css").read_text(encoding="utf-8")
    assert ".footnote" in shipped and ".sig-name" in shipped and ".versionmodified" in shipped
    assert ".footnote{" not in css and ".sig-name" not in css and ".versionmodified" not in css
    assert ":not(.footnote)" in css  # a selector that only excludes them stays
    assert "code.literal{" in css and ".admonition" in css  # what the pages show stays
    rules, rest = split_rules(css)  # still whole rules, braces balanced
    assert rules and "{" not in rest and css.count("{") == css.count("}")
    assert len(css) < len(shipped)
    footnote = {**FILES, "code.rst": FILES["code.rst"] + "\nText [#n]_.\n\n.. [#n] A footnote.\n"}
    app, warnings, pages = project(CONF, footnote)()
    assert ".footnote" in (app.outdir / "_static/styles/furo.css").read_text(encoding="utf-8")

