"""ext/rebuilds.py on a small project: a build after one that warned gives the same warnings,
as a clean build does (the rest of its job, an incremental build writing what a clean build
writes, is tested on the whole site: tests/site/test_incremental_builds.py)."""

import pytest

# rebuilds sets up sphinx-sitemap, whose page handler reads Sphinx's deprecated env.app
pytestmark = pytest.mark.filterwarnings("ignore:'sphinx.environment.BuildEnvironment.app' is deprecated")

CONF = "extensions = ['myst_parser', 'ext.rebuilds']\nhtml_baseurl = 'https://example.org/'\n"
FILES = {
    "index.md": "# Title\n\n```{toctree}\npage\n```\n",
    "page.md": "# Page\n\n```{no-such-directive}\n```\n",
}


def test_a_warning_comes_again_in_the_next_build(project):
    build = project(CONF, FILES)
    _, first, _ = build()
    assert "page.md:3: WARNING: Unknown directive type: 'no-such-directive'" in first
    _, second, _ = build()  # nothing changed: an incremental build of the same sources
    assert "page.md:3: WARNING: Unknown directive type: 'no-such-directive'" in second


def test_a_build_without_warnings_keeps_its_environment(project):
    build = project(CONF, {**FILES, "page.md": "# Page\n\nFine.\n"})
    app, warnings, _ = build()
    assert warnings == "" and (app.doctreedir / "environment.pickle").is_file()
