"""axe-core finds no accessibility violation, of any impact, on any page, in either language."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from harness.project import LANGUAGES, ROOT

# Its own group: it runs beside the other site tests, on a second build of the site.
pytestmark = pytest.mark.site

WIDTHS = {"phone": 412, "desktop": 1350}


def violations(page):
    # target-size (WCAG 2.2) is off in axe's defaults; Lighthouse checks it, so do we
    options = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
    results = Axe().run(page, options=options).response
    return [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])}x {v['nodes'][0]['target']}"
        for v in results["violations"]
    ]


# Every page the site has: one test each, so that each has its own deadline on a busy machine.
PAGES = sorted([path.stem for path in (ROOT / "docs").glob("*.md")] + ["search"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_built_page_is_checked(site, language):
    folder = site / "html" / language
    built = sorted(path.relative_to(folder).as_posix().removesuffix(".html") for path in folder.rglob("*.html"))
    assert built == PAGES


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_no_accessibility_violations(browser, served, site, name, language, width):
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{served}/{language}/{name}.html")
        page.wait_for_load_state("networkidle")
        assert violations(page) == []
    finally:
        context.close()


def test_an_unlabelled_control_is_a_violation(browser, served):
    page = browser.new_page()
    page.goto(f"{served}/en/index.html")
    page.evaluate("document.querySelector('article').append(document.createElement('button'))")
    assert any(v.startswith("button-name (critical)") for v in violations(page))
    page.close()
