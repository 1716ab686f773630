"""The site, built once per test run (the site tests share one xdist worker), and served."""

import pytest
from playwright.sync_api import sync_playwright
from sitebuild import start_build
from static_host import CHROMIUM, CHROMIUM_FLAGS, serve
from support import LANGUAGES, ROOT


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    builds = {language: start_build(ROOT, language, out) for language in LANGUAGES}
    warnings = {language: process.communicate(timeout=600)[1] for language, process in builds.items()}
    for language, process in builds.items():
        assert process.returncode == 0, f"{language} build failed:\n{warnings[language]}"
        assert warnings[language] == "", f"{language} build warned:\n{warnings[language]}"
    return out


@pytest.fixture(scope="session")
def served(site):
    """The built site over HTTP on a free local port, as a static host would serve it."""
    with serve(site / "html") as url:
        yield url


@pytest.fixture(scope="module")  # a live sync Playwright holds an event loop: end it with the module
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
