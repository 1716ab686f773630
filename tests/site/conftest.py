"""The site, built once per test run as `nox -s docs` builds it and shared by the xdist workers,
and served as a static host serves it."""

import shutil

import polib
import pytest

from tools.browser import CHROMIUM, CHROMIUM_FLAGS, serve
from tools.guide import ROOT
from tools.site import build_all

# Only what the translators' checks need is imported here: `nox -s check-catalogs` runs
# test_catalogs.py with this file alone (no tests/conftest.py, no Flask), without Playwright or
# filelock installed; the fixtures that use them import them.


@pytest.fixture(scope="session")
def site(tmp_path_factory, worker_id):
    """The site, built by the first xdist worker that needs it, read by all (tests never write
    into it)."""
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent  # the folder every worker's temporary folder is in
    out, done = shared / "site", shared / "site.built"
    with FileLock(shared / "site.lock"):
        if not done.exists():
            shutil.rmtree(out, ignore_errors=True)
            build_site(out)
            done.touch()
    return out


def build_site(out):
    failed, warnings = build_all(out / "html", out / "doctrees")
    assert not failed, f"the build failed for {', '.join(failed)}:\n{''.join(warnings.values())}"
    for language, text in warnings.items():
        assert text == "", f"{language} build warned:\n{text}"


@pytest.fixture(scope="session")
def served(site):
    """The built site over HTTP on a free local port, as a static host would serve it."""
    with serve(site / "html") as url:
        yield url


@pytest.fixture(scope="module")  # a live sync Playwright holds an event loop: end it with the module
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def small_project():
    """small_project(root, pages, snippets, catalogs): see make_small_project."""
    return make_small_project


def make_small_project(root, pages, snippets=None, catalogs=None):
    """A copy of this project's configuration (conf.py, ext/, tools/, templates) with the given
    pages {name: MyST}, snippets {file: text} and Vietnamese catalogs {page: {msgid: msgstr}},
    each catalog written with the header a refresh writes (an empty sphinx.po if none is given)."""
    root.mkdir(parents=True)
    for name in ("conf.py", "pyproject.toml"):
        shutil.copy(ROOT / name, root / name)
    for folder in ("ext", "tools"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for folder in ("_templates", "_static"):
        shutil.copytree(ROOT / "docs" / folder, root / "docs" / folder)
    for name, text in pages.items():
        (root / "docs" / f"{name}.md").write_text(text, encoding="utf-8")
    (root / "snippets").mkdir()
    for name, text in (snippets or {}).items():
        (root / "snippets" / name).write_text(text, encoding="utf-8")
    folder = root / "locale/vi/LC_MESSAGES"
    folder.mkdir(parents=True)
    catalogs = {"sphinx": {}, **(catalogs or {})}  # the interface catalog is required (conf.py)
    for name, messages in catalogs.items():
        catalog = polib.POFile(wrapwidth=79)
        catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=1; plural=0;"}
        for msgid, msgstr in messages.items():
            catalog.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
        catalog.save(str(folder / f"{name}.po"))
    return root


@pytest.fixture
def project_copy():
    """project_copy(root): see copy_project."""
    return copy_project


def copy_project(root):
    """A copy of the project's sources at `root`, as a writer's or translator's clone holds
    them (no build, no tests), with their modification times."""
    root.mkdir(parents=True)
    for name in ("conf.py", "pyproject.toml"):
        shutil.copy2(ROOT / name, root / name)
    for folder in ("ext", "tools", "docs", "snippets", "locale"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return root
