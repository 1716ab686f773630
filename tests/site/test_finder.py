"""The traceback finder of Find your situation, in headless Chromium, fed the tracebacks and log
lines that the guide's broken snippets really produce, in both languages: the right fix, the
line of the reader's own code, the error as Flask words it. Some are run here, on this session's
Flask; the others (workers that need Redis, threads, `flask --app`) are the recordings in
tests/tracebacks/, which the page tests compare with the real output on every cell of the matrix."""

import gzip
import os
import subprocess
import sys
import textwrap

import pytest
from support import ROOT, SNIPPET_PATH, SNIPPETS, TRACEBACKS, reading

pytestmark = [pytest.mark.site, pytest.mark.xdist_group("finder")]  # its tracebacks are made once, by one worker

# Programs that make a framework run a broken snippet as a reader's would: the scheduler's
# own thread fires the job, a real Celery worker runs the task, pytest runs the test.
SCHEDULER = """
import logging, queue
from datetime import datetime
from apscheduler.events import EVENT_JOB_ERROR
from myapp import create_app
import scheduler_broken
logging.basicConfig(format="%(levelname)s:%(name)s:%(message)s")
scheduler_broken.init_scheduler(create_app())
events = queue.Queue()
scheduler_broken.scheduler.add_listener(events.put, EVENT_JOB_ERROR)
scheduler_broken.scheduler.modify_job("cleanup", next_run_time=datetime.now())
events.get(timeout=10)
scheduler_broken.scheduler.shutdown()
"""
CELERY = """
import logging
from celery.contrib.testing.worker import start_worker
import plain_celery
logging.basicConfig(format="[%(levelname)s/%(processName)s] %(message)s")
plain_celery.celery_app.conf.update(broker_url="memory://", result_backend="cache+memory://")
with start_worker(plain_celery.celery_app, pool="solo", perform_ping_check=False, loglevel="INFO"):
    result = plain_celery.count_users.delay()
    try:
        result.get(timeout=10)
    except RuntimeError:
        pass
"""


def run(tmp_path, *args, cwd=None):
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(SNIPPET_PATH), "PYTHONDONTWRITEBYTECODE": "1",
                   "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}"}
    result = subprocess.run([sys.executable, *args], cwd=cwd or tmp_path, env=environment, capture_output=True,
                            text=True, timeout=60)
    return result.stdout + result.stderr


def snippet(name):
    return str(SNIPPETS / name)


# (what produces it, the fix it must link, the reader's line it must show, the error's first line)
APP = "RuntimeError: Working outside of application context."
# What Flask 3.2 raises for request or session inside an app context (its lane asserts it)
REQUEST_ERROR_IN_APP_CONTEXT_32 = "RuntimeError: There is no request in this context."
CASES = {
    "script": (lambda t: run(t, snippet("fix-script/tldr_broken.py")),
               "fix-script.html#the-fix", "tldr_broken.py:8", APP),
    "import": (lambda t: run(t, "-c", "import import_time_broken"),
               "fix-import-time.html#the-fix", "import_time_broken.py:5", APP),
    "unittest": (lambda t: run(t, "-m", "unittest", "unittest_users_broken"),
                 "fix-unittest.html#the-fix", "unittest_users_broken.py:14", APP),
    "alembic": (lambda t: run(t, "-m", "alembic", "-c", snippet("fix-migrations/migrations/alembic.ini"),
                              "upgrade", "head", cwd=SNIPPETS / "fix-migrations"),
                "fix-migrations.html#a-bare-alembic-upgrade-head", "env.py:12", APP),
    "logging": (lambda t: run(t, snippet("fix-shared-code/shared_logging_broken.py")),
                "fix-shared-code.html#a-logging-formatter-or-filter-that-reads-request",
                "shared_logging_broken.py:12", "RuntimeError: Working outside of request context."),
    "thread": (lambda t: run(t, snippet("fix-threads/threads_broken.py")),
               "fix-threads.html#the-fix", "threads_jobs.py:9", APP),
    "click": (lambda t: run(t, snippet("fix-cli/cli_script_broken.py")),
              "fix-cli.html#the-fix", "cli_script_broken.py:12", APP),
    "pytest": (lambda t: run(t, "-m", "pytest", "-p", "pytest_fixtures.conftest", "-p", "no:cacheprovider",
                             snippet("fix-pytest/pytest_broken")),
               "fix-pytest.html#the-fix", "test_users.py:8", APP),
    "apscheduler": (lambda t: run(t, "-c", SCHEDULER),
                    "fix-apscheduler.html#the-fix", "scheduler_broken.py:15", APP),
    "celery": (lambda t: run(t, "-c", CELERY), "fix-celery.html#the-fix", "plain_celery.py:18", APP),
    "process": (lambda t: run(t, snippet("fix-processes/processes_broken.py"), "spawn"),
                "fix-processes.html#the-fix-create-the-application-in-the-child", "processes_broken.py:13", APP),
    "process_pool": (lambda t: run(t, snippet("fix-processes/processes_pool_broken.py")),
                     "fix-processes.html#processpoolexecutor-and-multiprocessing-pool", "processes_broken.py:13", APP),
    "gevent": (lambda t: run(t, snippet("fix-gevent-socketio/gevent_broken.py")),
               "fix-gevent-socketio.html#the-fix-pass-the-application-push-a-context-in-the-greenlet",
               "gevent_broken.py:17", APP),
    "socketio_on_gevent": (lambda t: run(t, snippet("fix-gevent-socketio/socketio_broken.py")),
                           "fix-gevent-socketio.html#the-fix-pass-the-application-push-a-context-in-the-greenlet",
                           "socketio_broken.py:18", APP),
    "flask_executor": (lambda t: run(t, snippet("fix-threads/threads_flask_executor_script.py")),
                       "fix-threads.html#flask-executor", "threads_flask_executor_script.py:12",
                       "RuntimeError: 'copy_current_request_context' can only be used when a request context is "
                       "active, such as in a view function."),
    "request": (lambda t: run(t, snippet("related-errors/related_request_context_broken.py")),
                "related-errors.html#working-outside-of-request-context", "related_request_context_broken.py:9",
                "RuntimeError: Working outside of request context."),
    "server_name": (lambda t: run(t, snippet("related-errors/related_url_for_no_server_name.py")),
                    "related-errors.html#url-for-in-a-script-a-task-or-an-email",
                    "related_url_for_no_server_name.py:8",
                    "RuntimeError: Unable to build URLs outside an active request without 'SERVER_NAME' configured. "
                    "Also configure 'APPLICATION_ROOT' and 'PREFERRED_URL_SCHEME' as needed."),
}


# Each recording (tests/support.py, assert_recorded): the fix it must link, the reader's line.
DECORATOR_OR_CLASS = "fix-import-time.html#decorator-arguments-and-class-bodies"
PROXY = "fix-import-time.html#setting-up-the-app-through-current-app"
EXTENSION_OBJECT = "fix-import-time.html#an-extension-object-fetched-from-current-app"
RECORDED = {
    "rq": ("fix-task-queues.html#rq", "rq_jobs.py:15"),
    "huey": ("fix-task-queues.html#huey", "huey_broken.py:14"),
    "dramatiq": ("fix-task-queues.html#dramatiq", "dramatiq_broken.py:17"),
    "celery_signals": ("fix-celery.html#signal-handlers-and-worker-hooks-task-prerun-worker-process-init",
                       "celery_signals_broken.py:14"),
    "celery_once": ("fix-celery.html#tasks-with-a-base-class-of-their-own-celery-once-celery-singleton",
                    "celery_once_broken.py:13"),
    "mail": ("fix-extensions.html#flask-mail-sending-from-a-thread", "mail_broken.py:14"),
    "login": ("fix-extensions.html#flask-login-current-user-in-a-thread-or-a-task", "login_broken.py:17"),
    "shared_babel": ("fix-shared-code.html#flask-babel-a-locale-selector-that-reads-request",
                     "shared_babel_broken.py:8"),
    "import_time_decorator": (DECORATOR_OR_CLASS, "import_time_decorator_broken.py:11"),
    "import_time_class": (DECORATOR_OR_CLASS, "import_time_class_broken.py:8"),
    "import_time_form": (DECORATOR_OR_CLASS, "import_time_form_broken.py:8"),
    "import_time_proxy": (PROXY, "import_time_proxy_broken.py:12"),
    "import_time_object": (EXTENSION_OBJECT, "import_time_object_broken.py:7"),
    "factory": ("fix-app-factory.html#the-fix", "factory_broken.py:15"),
    "factory_extension": ("fix-app-factory.html#what-init-app-does-and-what-it-must-not-touch",
                          "factory_extension_broken.py:13"),
}
RECORDINGS = sorted(path.name for path in TRACEBACKS.glob("*.txt"))


@pytest.fixture(scope="module")
def tracebacks(tmp_path_factory):
    """Each case's real output, produced once for both languages."""
    return {name: make(tmp_path_factory.mktemp(name)) for name, (make, *_) in CASES.items()}


@pytest.fixture(scope="module")
def paste(browser, served):
    """paste(language, text): the finder's answer (its .finder-result) to a traceback pasted into
    the page of that language. Each page is opened once; each test takes the last answer off
    the page (as the finder does before each reading) and pastes its own text over the last."""
    pages = {}

    def paste_into(language, text):
        if language not in pages:
            pages[language] = browser.new_page()
            pages[language].goto(f"{served}/{language}/find-your-fix.html")
        page = pages[language]
        page.locator(".finder-result").evaluate("result => result.replaceChildren()")
        page.fill("#traceback-finder-input", text)
        # the finder reads 300 ms after the last keystroke; look every 25 ms (Playwright's
        # selector waits look every 500 ms once the first tries fail)
        page.wait_for_function("() => document.querySelector('.finder-result p')", polling=25, timeout=5000)
        return page.locator(".finder-result")

    yield paste_into
    for page in pages.values():
        page.close()


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("case", CASES)
def test_a_real_traceback_leads_to_its_fix(paste, tracebacks, case, language):
    _, link, line, error = CASES[case]
    text = tracebacks[case]
    assert error in text, text  # the snippet really fails as the page says
    result = paste(language, text)
    assert [a.get_attribute("href") for a in result.locator("a").all()] == [link]
    assert result.locator("code").nth(0).inner_text() == line
    assert result.locator("code").last.inner_text() == error
    assert result.get_attribute("aria-live") == "polite"


def test_every_recording_has_its_fix_and_line():
    assert {name.split(".")[0] for name in RECORDINGS} == set(RECORDED)


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("recording", RECORDINGS)
def test_a_recorded_traceback_leads_to_its_fix(paste, recording, language):
    """Each Flask line's words: <name>.flask-2.0.txt and <name>.flask-3.2.txt where they differ."""
    link, line = RECORDED[recording.split(".")[0]]
    text = (TRACEBACKS / recording).read_text(encoding="utf-8")
    result = paste(language, text)
    assert [a.get_attribute("href") for a in result.locator("a").all()] == [link]
    assert result.locator("code").nth(0).inner_text() == line
    assert result.locator("code").last.inner_text() == reading(text)["error"][0]


@pytest.mark.parametrize(
    ("case", "wording", "link"),
    [
        ("thread", "error/app-context-flask-2.0.txt", "fix-threads.html#the-fix"),
        ("thread", "error/app-context-flask-3.2.txt", "fix-threads.html#the-fix"),
        ("request", "related-errors/related_request_context_error_flask_3.2.txt",
         "related-errors.html#working-outside-of-request-context"),
        ("request", None, "related-errors.html#working-outside-of-request-context"),  # 3.2, in an app context
    ],
)
def test_each_flask_wording_is_recognised(paste, tracebacks, case, wording, link):
    """The same failure as other Flask lines word it (the texts their lanes of the matrix assert)."""
    frames = tracebacks[case].split("RuntimeError: Working outside", 1)[0]
    text = (SNIPPETS / wording).read_text(encoding="utf-8") if wording else REQUEST_ERROR_IN_APP_CONTEXT_32 + "\n"
    result = paste("en", frames + text)
    assert [a.get_attribute("href") for a in result.locator("a").all()] == [link]


@pytest.mark.parametrize("language", ["en", "vi"])
def test_an_unknown_traceback_gets_an_honest_cannot_tell(paste, language):
    text = textwrap.dedent("""\
        Traceback (most recent call last):
          File "/home/me/app/report.py", line 3, in <module>
            print(1 / 0)
        ZeroDivisionError: division by zero
        """)
    result = paste(language, text)
    assert result.locator("a").count() == 0
    unknown = result.page.locator(".finder-unknown").inner_text()
    assert result.inner_text() == unknown and unknown.strip()


def test_the_pasted_text_is_shown_as_text_never_as_markup(paste, tracebacks):
    hostile = tracebacks["script"].replace("print(db.session", "print('<img src=x onerror=alert(1)>', db.session")
    result = paste("en", hostile)
    assert result.locator("img").count() == 0
    assert "<img src=x onerror=alert(1)>" in result.inner_text()


def test_the_finder_script_is_loaded_on_its_page_only(site):
    for language in ("en", "vi"):
        for page in (site / "html" / language).glob("*.html"):
            loads = "traceback-finder.js" in page.read_text(encoding="utf-8")
            assert loads == (page.name == "find-your-fix.html"), page


def test_the_finder_script_is_small():
    script = (ROOT / "docs" / "_static" / "traceback-finder.js").read_bytes()
    assert len(gzip.compress(script)) <= 5 * 1024
