"""The built site in headless Chromium (Debian's /usr/bin/chromium), as a reader uses it."""

from urllib.parse import quote, urlsplit

import pytest

from harness.project import LANGUAGES

pytestmark = pytest.mark.site

@pytest.fixture
def page(browser, served):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"error: {e}"))
    issued_on = {}  # each request: the address of the page that made it

    def failed(request):
        # The browser cancels what the page it leaves still fetches (a late favicon) when a test
        # goes to the next page: not a problem of the page on screen, which this names.
        if request.failure == "net::ERR_ABORTED" and issued_on.get(request) != page.url:
            return
        page.problems.append(f"failed: {request.url} ({request.failure})")

    page.on("request", lambda r: issued_on.__setitem__(r, page.url))
    page.on("requestfailed", failed)
    page.on("request", lambda r: urlsplit(r.url).netloc not in ("", urlsplit(served).netloc)
            and not r.url.startswith("data:") and page.problems.append(f"outside: {r.url}"))
    yield page
    context.close()


def search(page, served, language, query):
    page.goto(f"{served}/{language}/search.html?q={quote(query)}")
    page.wait_for_selector("#search-results .search-summary:not(:empty)", timeout=15000)
    return [a.get_attribute("href") for a in page.query_selector_all("#search-results ul.search li a")]


@pytest.mark.parametrize("query", ["ngữ cảnh ứng dụng", "ngu canh ung dung", "NGỮ CẢNH"])
def test_vietnamese_search_finds_pages_with_or_without_diacritics(page, served, query):
    results = search(page, served, "vi", query)
    assert any(href.startswith("app-context.html") for href in results), results
    assert page.problems == []


def test_vietnamese_search_keeps_syllables_english_would_drop(page, served):
    assert search(page, served, "vi", "chạy")  # an English stemmer mangles it
    assert page.text_content("#search-results h2") == "Kết quả tìm kiếm"


def test_english_search_finds_pages(page, served):
    results = search(page, served, "en", "celery worker")
    assert any(href.startswith("fix-celery.html") for href in results), results


# A reader searches for the tool in the traceback or the error text in the log: the page for
# that situation comes first, in either language.
PART_1_TOOL_PAGES = {
    "unittest": "fix-unittest.html",
    "TestCase": "fix-unittest.html",
    "pytest-flask": "fix-unittest.html",
    "Flask-WTF": "fix-unittest.html",
    "gettext": "fix-shared-code.html",
    "lazy_gettext": "fix-shared-code.html",
    "Flask-Babel": "fix-shared-code.html",
    "babel": "fix-shared-code.html",
    "cache": "fix-shared-code.html",
    "Flask-Caching": "fix-shared-code.html",
    "logging": "fix-shared-code.html",
    "Logging error": "fix-shared-code.html",
    "has_request_context": "fix-shared-code.html",
    "alembic": "fix-migrations.html",
    "alembic upgrade head": "fix-migrations.html",
    "Flask-Migrate": "fix-migrations.html",
    "migrations": "fix-migrations.html",
    "create_app": "fix-app-factory.html",
    "application factory": "fix-app-factory.html",
    "init_app": "fix-app-factory.html",
    "import": "fix-import-time.html",
    "record_once": "fix-import-time.html",
    "decorator": "fix-import-time.html",
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("query", PART_1_TOOL_PAGES)
def test_search_for_a_tool_puts_its_page_first(page, served, language, query):
    results = search(page, served, language, query)
    assert results and results[0].startswith(PART_1_TOOL_PAGES[query]), results


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_loads_cleanly_from_this_site_only(page, served, site, language):
    for path in sorted((site / "html" / language).rglob("*.html")):
        page.goto(f"{served}/{language}/{path.relative_to(site / 'html' / language).as_posix()}")
        page.wait_for_load_state("networkidle")
        assert page.problems == [], path.name


def test_a_script_from_another_host_is_caught(page, served):
    page.goto(f"{served}/en/index.html")
    page.evaluate("""() => { const s = document.createElement("script");
        s.src = "http://127.0.0.2:9/tracker.js"; document.head.append(s); }""")
    page.wait_for_timeout(500)
    assert any(p.startswith("outside: http://127.0.0.2:9/tracker.js") for p in page.problems)


def test_switcher_lands_on_the_same_page(page, served):
    page.goto(f"{served}/en/fix-celery.html#the-fix")
    page.click('nav.sidebar-languages a[hreflang="vi"]')
    page.wait_for_load_state()
    assert page.url == f"{served}/vi/fix-celery.html"
    assert page.get_attribute("html", "lang") == "vi"


def test_site_root_sends_a_vietnamese_browser_to_vietnamese(browser, served):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.goto(f"{served}/index.html")
    page.wait_for_url(f"{served}/vi/index.html")
    context.close()


@pytest.mark.parametrize(("language", "label"), [("en", "Copy"), ("vi", "Sao chép")])
def test_copy_button_copies_the_snippet(page, served, language, label):
    page.goto(f"{served}/{language}/fix-script.html")
    block = page.locator("div.highlight-python").first
    block.hover()
    button = block.locator("button.copybtn")
    assert button.get_attribute("data-tooltip") == label
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == block.locator("pre").inner_text().strip() != ""


def test_tabs_switch(page, served):
    page.goto(f"{served}/vi/error.html")
    tabs = page.locator('[role="tab"]')
    panels = page.locator('[role="tabpanel"]')
    assert panels.nth(1).is_hidden()
    tabs.nth(1).click()
    assert panels.nth(1).is_visible() and panels.nth(0).is_hidden()


PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_first_screen_on_a_phone_has_the_error_its_fix_and_find_your_situation(
        browser, served, language):
    """A reader who just hit the error sees, without scrolling on a 390 x 844 phone: the error's
    line, the one-line fix and the way to Find your situation."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{served}/{language}/index.html")
    article = page.locator("article")
    wanted = {
        "the error": article.locator("pre", has_text="RuntimeError: Working outside of application context").first,
        "the fix": article.locator("p code", has_text="with app.app_context():").first,
        "Find your situation": article.locator('a[href="find-your-fix.html"]').first,
    }
    for name, element in wanted.items():
        assert element.count() == 1, f"{name} is not on the page"
        box = element.bounding_box()
        assert box is not None and box["width"] > 0, name
        assert 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"], f"{name} is below the fold: {box}"
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_policy_stops_a_script_that_reached_a_page(page, served, language):
    """Defence in depth: were markup from a catalog ever to reach a page, its script would not run."""
    page.goto(f"{served}/{language}/index.html")
    page.wait_for_load_state("networkidle")
    blocked = page.evaluate("""() => new Promise((resolve) => {
        document.addEventListener("securitypolicyviolation", (e) => resolve(e.violatedDirective));
        const s = document.createElement("script");
        s.textContent = "window.injected = true;";
        document.body.append(s);
        setTimeout(() => resolve(null), 2000);
    })""")
    assert blocked == "script-src-elem" and page.evaluate("window.injected") is None
    page.problems.clear()  # the refusal is logged as a console error: that is the point here
# Readers search for the tool they use: its page must come first, in both languages.
TOOL_PAGES = [
    ("celery-once", "fix-celery.html"),
    ("RQ", "fix-task-queues.html"),
    ("Huey", "fix-task-queues.html"),
    ("Dramatiq", "fix-task-queues.html"),
    ("multiprocessing", "fix-processes.html"),
    ("ProcessPoolExecutor", "fix-processes.html"),
    ("Flask-Executor", "fix-threads.html"),
    ("Flask-Mail", "fix-extensions.html"),
    ("Flask-Login current_user", "fix-extensions.html"),
    ("gevent", "fix-gevent-socketio.html"),
    ("Flask-SocketIO", "fix-gevent-socketio.html"),
    ("start_background_task", "fix-gevent-socketio.html"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("query", "expected"), TOOL_PAGES)
def test_search_for_a_tool_finds_its_page_first(page, served, language, query, expected):
    results = search(page, served, language, query)
    assert results and results[0].startswith(expected), results


# A reader types a page's title, or part of it, with or without diacritics: that page comes first.
TITLE_PAGES = [
    ("vi", "ngữ cảnh", "app-context.html"),
    ("vi", "ngu canh", "app-context.html"),
    ("vi", "luồng nền", "fix-threads.html"),
    ("vi", "luong nen", "fix-threads.html"),
    ("vi", "tác vụ celery", "fix-celery.html"),
    ("vi", "tac vu celery", "fix-celery.html"),
    ("vi", "nguyên nhân gốc", "root-cause.html"),
    ("vi", "nguyen nhan goc", "root-cause.html"),
    ("vi", "tra cuu nhanh", "quick-reference.html"),
    ("vi", "bảng thuật ngữ", "glossary.html"),
    # with stop words, which neither the index nor the titles' ranking count
    ("vi", "tìm trường hợp của bạn", "find-your-fix.html"),
    ("vi", "tim truong hop cua ban", "find-your-fix.html"),
    ("vi", "ma chay ngay luc import", "fix-import-time.html"),  # "ma" finds "mã", no stop word here
    ("en", "background threads", "fix-threads.html"),
    ("en", "root cause", "root-cause.html"),
    ("en", "Celery tasks", "fix-celery.html"),
    ("en", "quick reference", "quick-reference.html"),
]


@pytest.mark.parametrize(("language", "query", "expected"), TITLE_PAGES)
def test_search_for_a_page_title_puts_that_page_first(page, served, language, query, expected):
    results = search(page, served, language, query)
    assert results and results[0].startswith(expected), results
    assert page.problems == []


# Each highlight: its text, and whether a letter or digit touches it on either side.
HIGHLIGHTS = """() => [...document.querySelectorAll("span.highlighted")].map((span) => {
    const before = (span.previousSibling && span.previousSibling.textContent) || "";
    const after = (span.nextSibling && span.nextSibling.textContent) || "";
    const word = /[\\p{Letter}\\p{Number}_]/u;
    return [span.textContent, word.test(before.slice(-1)) || word.test(after.slice(0, 1))];
})"""


@pytest.mark.parametrize(("query", "highlighted"), [
    ("ngu canh", {"ngữ", "cảnh", "cạnh"}),  # typed plain: every spelling
    ("ngữ cảnh", {"ngữ", "cảnh"}),  # typed with diacritics: as typed
    ("ngu canh cua", {"ngữ", "cảnh", "cạnh"}),  # a stop word, left out of the query: not highlighted
])
def test_vietnamese_search_highlights_whole_syllables(page, served, query, highlighted):
    """Not "ngu" inside "nguyên", and "ngữ" for "ngu": in the results' summaries and on the
    page a result opens."""
    search(page, served, "vi", query)
    page.wait_for_selector("#search-results p.context span.highlighted")
    marks = page.evaluate(HIGHLIGHTS)
    assert marks and {text.lower() for text, _ in marks} <= highlighted, marks
    assert not any(inside for _, inside in marks), [text for text, inside in marks if inside]
    page.click("#search-results ul.search li a")
    page.wait_for_selector("article span.highlighted")
    marks = page.evaluate(HIGHLIGHTS)
    assert {text.lower() for text, _ in marks} <= highlighted, marks
    assert not any(inside for _, inside in marks), [text for text, inside in marks if inside]
    assert page.problems == []
