"""What an edit can affect: the sessions and tests to run for a set of changed files.

A page, its snippets and its tests share the page's name (docs/fix-threads.md,
snippets/fix-threads/, tests/test_fix_threads.py), so:

- a page or one of its snippets: that page's tests on every cell of the matrix, and the checks
  of the built site (both languages) that look at every page: test_site, test_guards and
  test_catalogs, on a build of the whole site, so they see the page as it is published;
- a test module of tests/: that module on every cell; of tests/site/ or tests/ext/: that
  module in the `site` session; the record of the highlighted lines: test_site;
- anything under locale/ (catalogs, glossary, word list): the built site's checks, the
  translators' among them;
- README.md: the test of its commands; other notes (*.md at the root, LICENSE*) and the
  hosted workflow: the lint alone;
- anything else (extensions, tools, templates, configuration, locks, the shared sample app
  snippets/myapp/, the test harness): everything, as `nox -s tests`.

The lint always runs (seconds). `nox -s changed` runs the plan; CI still runs everything.
"""

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

SITE_TEST = "tests/site/test_site.py"  # the built site's pages, the highlighted lines among them
SITE_CHECKS = (SITE_TEST, "tests/site/test_guards.py", "tests/site/test_catalogs.py")
README_TEST = "tests/site/test_readme_commands.py"
HIGHLIGHTS = "tests/site/highlighted-lines.txt"  # what test_site reads of the highlighted lines


@dataclass
class Plan:
    everything: list[str] = field(default_factory=list)  # the changes that need every test
    cell_tests: set[str] = field(default_factory=set)  # test modules to run on every cell
    site_tests: set[str] = field(default_factory=set)  # test modules for the `site` session

    def runs(self, cells):
        """[(nox session, pytest arguments)]; no arguments: the whole session."""
        if self.everything:
            return [("tests", [])]
        runs = [(cell, sorted(self.cell_tests)) for cell in cells if self.cell_tests]
        if self.site_tests:
            runs.append(("site", sorted(self.site_tests)))
        return [*runs, ("lint", [])]


def page_tests(page):
    return f"tests/test_{page.replace('-', '_')}.py"


def plan(paths, root):
    """The Plan for the changed `paths` (relative to `root`, the repository)."""
    result = Plan()
    for name in paths:
        path = PurePosixPath(name)
        parts = path.parts
        page = None
        if len(parts) == 2 and parts[0] == "docs" and path.suffix == ".md":
            page = path.stem
        elif len(parts) >= 3 and parts[0] == "snippets" and parts[1] != "myapp":
            page = parts[1] if (root / "docs" / f"{parts[1]}.md").is_file() else None
        if page is not None:
            if (root / page_tests(page)).is_file():
                result.cell_tests.add(page_tests(page))
            result.site_tests.update(SITE_CHECKS)
        elif len(parts) == 2 and parts[0] == "tests" and path.name.startswith("test_") and path.suffix == ".py":
            if (root / name).is_file():
                result.cell_tests.add(name)
        elif len(parts) == 3 and parts[:2] in (("tests", "site"), ("tests", "ext")) and path.name.startswith("test_"):
            if (root / name).is_file():
                result.site_tests.add(name)
        elif name == HIGHLIGHTS:
            result.site_tests.add(SITE_TEST)
        elif parts[0] == "locale":
            result.site_tests.update(SITE_CHECKS)
        elif name == "README.md":
            result.site_tests.add(README_TEST)
        elif (len(parts) == 1 and (path.suffix == ".md" or path.name.startswith("LICENSE"))) or parts[0] == ".github":
            pass  # the lint checks the workflow; notes run nothing
        else:
            result.everything.append(name)
    return result


def changed_files(root, base):
    """Files that differ from `base` (a commit), committed or not, and new untracked files."""
    import subprocess

    def git(*args):
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout

    merge_base = git("merge-base", base, "HEAD").strip()
    names = set(git("diff", "--name-only", merge_base).split())
    names |= set(git("ls-files", "--others", "--exclude-standard").split())
    return sorted(names)


if __name__ == "__main__":
    import sys

    root = Path(__file__).resolve().parent.parent
    found = plan(changed_files(root, sys.argv[1] if len(sys.argv) > 1 else "main"), root)
    print(found)
