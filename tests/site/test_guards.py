"""Each guard fails, naming the file and line, when the thing it guards is broken.

Every test builds a scratch copy of the project with one page, then breaks one thing.
"""

import shutil

import pytest

from harness.project import ROOT, literal_blocks_outside
from tools.site import build

GOOD_PAGE = """\
# A page

Some text.

```{literalinclude} ../snippets/example.py
```
"""


@pytest.fixture
def project(tmp_path, small_project):
    """A copy of this project's configuration with a single page, one snippet, one catalog."""
    return small_project(
        tmp_path / "project",
        pages={"index": GOOD_PAGE},
        snippets={"example.py": 'print("hello")\n'},
        catalogs={"index": {"A page": "Một trang"}},
    )


def build_page(project, page, language="en"):
    (project / "docs/index.md").write_text(page, encoding="utf-8")
    return build(project, language, project.parent / "out")


def test_the_good_project_builds_in_both_languages(project):
    for language in ("en", "vi"):
        code, warnings = build(project, language, project.parent / "out")
        assert (code, warnings) == (0, ""), warnings


def test_an_inline_code_fence_fails_the_build(project):
    code, warnings = build_page(project, GOOD_PAGE + "\n```python\nprint('inline')\n```\n")
    assert code != 0
    assert "index.md:8: WARNING: code block is not included from snippets/" in warnings
    # the doctree check of the site tests sees the same block
    doctrees = project.parent / "out/doctrees/en"
    assert literal_blocks_outside(project / "snippets", doctrees) == [("index", 8)]


def test_a_missing_snippet_fails_the_build(project):
    code, warnings = build_page(project, GOOD_PAGE.replace("example.py", "missing.py"))
    assert code != 0
    assert "index.md:5: WARNING: Include file" in warnings
    assert "missing.py" in warnings


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("[a page](missing.md)", "index.md:8: WARNING: 'myst' cross-reference target not found: 'missing.md'"),
        ("{ref}`no-such-label`", "index.md:8: WARNING: undefined label: 'no-such-label'"),
    ],
)
def test_a_bad_cross_reference_fails_the_build(project, reference, message):
    code, warnings = build_page(project, GOOD_PAGE + f"\nSee {reference}.\n")
    assert code != 0
    assert message in warnings


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ('msgid "Some text."\nmsgstr "unclosed\n', "not a comment"),  # Sphinx alone accepts it
        ('# a comment\n"stray"\n', "Got line starting"),  # a string belonging to nothing
    ],
)
def test_a_broken_catalog_fails_the_vietnamese_build(project, broken, message):
    catalog = project / "locale/vi/LC_MESSAGES/index.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text + "\n" + broken)
    line = len(text.splitlines()) + 3  # the broken entry's second line
    code, warnings = build(project, "vi", project.parent / "out")
    assert code != 0
    assert f"locale/vi/LC_MESSAGES/index.po:{line}: WARNING: broken catalog, not used: {message}" in warnings


def test_an_unexercised_snippet_fails_the_test_run(pytester):
    """The --snippet-usage guard, run on a scratch project with one used and one unused file."""
    tests = pytester.mkdir("tests")
    shutil.copy(ROOT / "tests" / "conftest.py", tests / "conftest.py")
    shutil.copytree(ROOT / "tests" / "harness", tests / "harness", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "tools", pytester.path / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    (tests / "test_example.py").write_text(
        'def test_uses_one(snippet):\n    assert snippet("page/used.txt").read_text() == "one\\n"\n'
    )
    (pytester.path / "snippets/page").mkdir(parents=True)
    (pytester.path / "snippets/page/used.txt").write_text("one\n")
    (pytester.path / "snippets/page/forgotten.txt").write_text("two\n")
    (pytester.path / "snippets/page/proven_by_coverage.py").write_text("print(3)\n")
    shutil.copy(ROOT / "pyproject.toml", pytester.path / "pyproject.toml")
    result = pytester.runpytest_subprocess("--snippet-usage", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["snippets/page/forgotten.txt: no test exercises it"])
    assert "used.txt: no test" not in result.stdout.str()
    assert "proven_by_coverage.py" not in result.stdout.str()  # Python: coverage proves it ran
    assert result.ret == pytest.ExitCode.TESTS_FAILED
