"""Sphinx configuration, shared by both languages.

`nox -s docs` builds `docs/` once per language with `-D language=<code>`; the languages, the
base URL and the tested versions come from `[tool.guide]` in pyproject.toml.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))  # the project's extensions (ext/) and its shared facts (tools/)

from tools.guide import (  # noqa: E402
    AUTHOR,
    COPYRIGHT,
    GUIDE,
    ISSUES,
    MYST_EXTENSIONS,
    MYST_HEADING_ANCHORS,
    PROJECT,
    SOURCE_LANGUAGE,
    TRANSLATORS,
    base_url_template,
)

# -- Project ---------------------------------------------------------------------------------

project = PROJECT
author = AUTHOR
copyright = COPYRIGHT
language = SOURCE_LANGUAGE  # -D language=<code> for the others

# -- General ---------------------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx_tabs.tabs",
    "sphinx_copybutton",
    "notfound.extension",
    "sphinx_sitemap",  # through ext.sitemap_serial (below)
    "sphinxext.opengraph",
    # ext/: one job each (its module docstring says which)
    "ext.languages",
    "ext.catalog_guard",
    "ext.plain_substitutions",
    "ext.snippets_only",
    "ext.code_comments",
    "ext.tab_labels",
    "ext.interface_i18n",
    "ext.theme_templates",
    "ext.accessibility",
    "ext.hosting",
    "ext.preview_reload",
    "ext.traceback_finder",
    "ext.glossary_table",
    "ext.search_vi",
    "ext.smartquotes_vi",
    "ext.myst_i18n_speed",
    "ext.template_cache",
    "ext.page_assets",
    "ext.sitemap_serial",
    "ext.rebuilds",
    "ext.source_links",
    "ext.search_scope",
    "ext.og_description",
]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_templates", "_static", "_root"]
templates_path = ["docs/_templates"]
nitpicky = True
myst_enable_extensions = MYST_EXTENSIONS


def tested_versions(matrix):
    """The cells of the test matrix, grouped by Python: "Python 3.9: Flask 2.0; Python 3.11:
    Flask 2.0, 2.1". Names, numbers and punctuation only, so every language shows it as it is,
    inside a sentence its catalog translates."""
    by_python = {}
    for python, line in matrix:
        by_python.setdefault(python, []).append(line)
    version = lambda text: tuple(int(part) for part in text.split("."))  # noqa: E731
    return "; ".join(
        f"Python {python}: Flask {', '.join(sorted(by_python[python], key=version))}"
        for python in sorted(by_python, key=version)
    )


# What the test suite runs on (nox -s tests runs the same cells): {{ tested_versions }},
# {{ flask_lines }} and {{ flask_next }} on the pages, never typed by hand.
myst_substitutions = {
    "tested_versions": tested_versions(GUIDE["matrix"]),
    "flask_lines": ", ".join(GUIDE["flask"]),
    "flask_next": GUIDE["next"]["flask"],
    # where to send a change (docs/translating.md): links, from [tool.guide]
    "repository": f"<{GUIDE['repository']}>",
    "issues": f"<{ISSUES}>",
}
myst_heading_anchors = MYST_HEADING_ANCHORS
# Every code block is a literalinclude of a file under snippets/ (enforced by snippets_only).
snippets_dir = str(ROOT / "snippets")

# -- Internationalisation --------------------------------------------------------------------

guide_languages = GUIDE["languages"]
# Where each language lives: {language} is filled in (the languages extension sets html_baseurl).
guide_base_url = base_url_template(os.environ)
# The catalogs are untrusted: Sphinx reads none of them itself (locale_dirs stays empty until
# ext/catalog_guard.py points it at the checked copies it compiles into the doctree folder).
guide_catalog_dirs = [str(ROOT / "locale")]
locale_dirs = []
if "sphinx_intl" in sys.modules:  # a translator's plain `sphinx-intl update` reads this file only
    locale_dirs = guide_catalog_dirs  # to find the catalogs' folder; no build runs in its process
guide_interface_required = True  # sphinx.po: without it the interface would be English
gettext_compact = False  # one catalog per page
gettext_location = True  # each message's page and line (`#:`), as translators' tools show them
gettext_uuid = False
gettext_last_translator = TRANSLATORS
gettext_language_team = f"Vietnamese <{ISSUES}>"  # the team's address: the issue tracker

# Where the sources live: each page's edit link, each translated page's catalog link, the
# footer's licences and addresses (ext/source_links.py).
guide_repository = GUIDE["repository"]
guide_branch = GUIDE["branch"]

# -- HTML ------------------------------------------------------------------------------------

html_theme = "furo"
html_title = GUIDE["title"]
html_static_path = ["docs/_static"]
html_css_files = ["guide.css"]
html_favicon = "docs/_static/favicon.svg"
html_use_index = False  # no index entries: an empty index page would only be noise
html_copy_source = False
html_show_sourcelink = False
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/languages.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/scroll-end.html",
    ]
}
copybutton_exclude = ".linenos, .gp, .go"

# -- Hosting ---------------------------------------------------------------------------------
# The languages extension sets the per-language parts: notfound_urls_prefix, ogp_site_url.

# sphinx-sitemap writes <site_url><sitemap_url_scheme>, with hreflang alternates
site_url, _, after_language = guide_base_url.partition("{language}/")
sitemap_url_scheme = "{lang}" + after_language + "{link}"
sitemap_locales = list(guide_languages)
sitemap_excludes = ["404.html", "search.html"]
ogp_social_cards = {"enable": False}
ogp_enable_meta_description = True
