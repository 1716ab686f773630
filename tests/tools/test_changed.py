"""tools/changed.py: an edit runs what it can affect, and anything it cannot place runs everything."""

from pathlib import Path

import pytest

from tools.changed import README_TEST, SITE_CHECKS, SITE_TEST, plan

ROOT = Path(__file__).resolve().parent.parent.parent
CELLS = ["snippets(flask2.0-py3.9)", "snippets(flask3.1-py3.11)"]


def runs(*paths):
    return plan(paths, ROOT).runs(CELLS)


def test_a_page_runs_its_tests_on_every_cell_and_the_site_checks():
    assert runs("docs/fix-threads.md") == [
        *((cell, ["tests/test_fix_threads.py"]) for cell in CELLS),
        ("site", sorted(SITE_CHECKS)),
        ("lint", []),
    ]


def test_a_snippet_runs_its_page_tests():
    assert runs("snippets/fix-celery/celery_once_fixed.py")[0] == (CELLS[0], ["tests/test_fix_celery.py"])


def test_a_catalog_runs_the_site_checks_only():
    assert runs("locale/vi/LC_MESSAGES/fix-threads.po") == [("site", sorted(SITE_CHECKS)), ("lint", [])]


def test_site_tests_and_the_readme():
    assert runs("tests/site/test_finder.py", "README.md") == [
        ("site", sorted(["tests/site/test_finder.py", README_TEST])), ("lint", [])]


def test_the_record_of_highlighted_lines_runs_the_site_checks_that_read_it():
    assert runs("tests/site/highlighted-lines.txt") == [("site", [SITE_TEST]), ("lint", [])]
    assert SITE_TEST == "tests/site/test_site.py"


@pytest.mark.parametrize("path", [
    "ext/hosting.py", "conf.py", "noxfile.py", "pyproject.toml", "locks/site.txt", "tools/site.py",
    "snippets/myapp/models.py", "tests/conftest.py", "tests/harness/reader.py", "docs/_templates/search.html",
])
def test_anything_else_runs_everything(path):
    assert runs("docs/fix-threads.md", path) == [("tests", [])]
