"""The traceback finder of Find your situation, in headless Chromium, fed the tracebacks and log
lines that the guide's broken snippets really produce, in both languages: the right fix, the
line of the reader's own code, the error as Flask words it. They are the recordings in
tests/tracebacks/, which the page tests compare with the real output on every cell of the matrix
(tests/harness/recordings.py, assert_recorded)."""

import gzip
import re
import textwrap

import pytest

from harness.project import ROOT
from harness.recordings import TRACEBACKS, reading

pytestmark = pytest.mark.site

# Each recording (tests/harness/recordings.py, assert_recorded): the fix it must link, and the
# snippet file whose line the finder must show (at the number the recording gives it: a recording
# stays valid when its snippet's lines move, tests/harness/recordings.py).
DECORATOR_OR_CLASS = "fix-import-time.html#decorator-arguments-and-class-bodies"
PROXY = "fix-import-time.html#setting-up-the-app-through-current-app"
EXTENSION_OBJECT = "fix-import-time.html#an-extension-object-fetched-from-current-app"
LAYERS = "fix-layers.html#the-fix-find-the-flask-application-and-push-its-context-where-the-code-runs"
SERVER_GIVEN_A_PROXY = "fix-layers.html#a-wsgi-server-given-a-proxy-serve-the-application-itself"
LOGGING = "fix-shared-code.html#a-logging-formatter-or-filter-that-reads-request"
BESIDE_FLASK = "fix-layers.html#another-wsgi-application-beside-flask-a-context-for-its-whole-response"
CALLBACK = "fix-callbacks.html#the-fix-give-the-callback-the-app-and-push-a-context-around-its-work"
GREENLET = "fix-gevent-socketio.html#the-fix-pass-the-application-push-a-context-in-the-greenlet"
NEEDS_REQUEST = "fix-shared-code.html#the-fix-a-guard-or-a-request-made-for-the-job"
TOOLS = "fix-layers.html#tools-that-import-your-application"
SERVERLESS = "fix-layers.html#a-serverless-function-a-context-for-every-handler-that-flask-does-not-call"
HOOKS = "fix-callbacks.html#hooks-that-python-calls-at-exit-and-for-an-error-nothing-caught"
PROMPT = "fix-script.html#at-the-python-prompt-or-in-a-notebook"
RECORDED = {
    "script": ("fix-script.html#the-fix", "tldr_broken.py"),
    "prompt": (PROMPT, "<stdin>"),
    "script_module": ("fix-script.html#the-fix", "tldr_broken.py"),  # python -m: runpy's frames first
    "script_main_logged": ("fix-script.html#the-fix", "sync.py"),  # main() caught the error and logged it
    "import_time": ("fix-import-time.html#the-fix", "import_time_broken.py"),
    # gunicorn's worker importing the module: not a server given a proxy
    "gunicorn_import": ("fix-import-time.html#the-fix", "import_time_broken.py"),
    "unittest": ("fix-unittest.html#the-fix", "unittest_users_broken.py"),
    "unittest_class": ("fix-unittest.html#set-up-that-runs-before-setup-setupclass-and-a-library-s-base-class",
                       "unittest_class_broken.py"),
    "alembic": ("fix-migrations.html#a-bare-alembic-upgrade-head", "env.py"),
    "logging": (LOGGING, "shared_logging_broken.py"),
    "thread": ("fix-threads.html#the-fix", "threads_jobs.py"),
    "click": ("fix-cli.html#the-fix", "cli_script_broken.py"),
    "pytest": ("fix-pytest.html#the-fix", "test_users.py"),
    "apscheduler": ("fix-apscheduler.html#the-fix", "scheduler_broken.py"),
    "celery": ("fix-celery.html#the-fix", "plain_celery.py"),
    "process": ("fix-processes.html#the-fix-create-the-application-in-the-child", "processes_broken.py"),
    "process_pool": ("fix-processes.html#processpoolexecutor-and-multiprocessing-pool", "processes_broken.py"),
    "gevent": (GREENLET, "gevent_broken.py"),
    "socketio": (GREENLET, "socketio_broken.py"),
    "flask_executor": ("fix-threads.html#flask-executor", "threads_flask_executor_script.py"),
    "request": ("request-context.html", "request_context_broken.py"),
    "stream": ("request-context.html#a-streamed-response-fails-after-the-view-returned-stream-with-context",
               "request_stream_broken.py"),
    "restx_command": (NEEDS_REQUEST, "restx_feed_broken.py"),
    "pybrake_job": (NEEDS_REQUEST, "airbrake_job_broken.py"),
    "watchdog": (CALLBACK, "inbox.py"),
    "redis_pubsub": (CALLBACK, "signups.py"),
    "redis_loop": ("fix-callbacks.html#a-loop-that-your-program-runs", "signups.py"),
    "atexit": (HOOKS, "exit_report_broken.py"),
    "excepthook": (HOOKS, None),  # recorded on Python 3.11, whose traceback starts below the hook
    "pytest_plugin": ("fix-pytest.html#a-plugin-s-fixture-fails-at-set-up", None),  # the plugin's fixture
    "mock_patch": ("fix-pytest.html#mock-patch-on-current-app-g-or-request", "test_pricing_broken.py"),
    "click_callback": ("fix-cli.html#a-parameter-s-callback-on-flask-2-0-and-2-1-and-in-tests",
                       "cli_param_callback.py"),
    "socketio_emit": ("fix-gevent-socketio.html#emit-in-a-background-task-use-socketio-emit",
                      "socketio_emit_broken.py"),
    "fastapi": (LAYERS, "mounted_broken.py"),
    "gunicorn_proxy": (SERVER_GIVEN_A_PROXY, None),  # no line of the reader's: the server calls the proxy
    "dispatched": (BESIDE_FLASK, "report_app.py"),
    "functions_framework": ("fix-import-time.html#the-fix", "main.py"),
    "url_for": ("related-errors.html#url-for-in-a-script-a-task-or-an-email", "related_url_for_broken.py"),
    "url_for_library": ("related-errors.html#url-for-in-a-script-a-task-or-an-email", None),  # Flask-RESTX's own
    "server_name": ("related-errors.html#url-for-in-a-script-a-task-or-an-email",
                    "related_url_for_no_server_name.py"),
    "rq": ("fix-task-queues.html#rq", "rq_jobs.py"),
    "huey": ("fix-task-queues.html#huey", "huey_broken.py"),
    "dramatiq": ("fix-task-queues.html#dramatiq", "dramatiq_broken.py"),
    "celery_signals": ("fix-celery.html#signal-handlers-and-worker-hooks-task-prerun-worker-process-init",
                       "celery_signals_broken.py"),
    "celery_hooks": ("fix-celery.html#signal-handlers-and-worker-hooks-task-prerun-worker-process-init",
                     "celery_hooks_broken.py"),
    "celery_once": ("fix-celery.html#tasks-with-a-base-class-of-their-own-celery-once-celery-singleton",
                    "celery_once_broken.py"),
    "mail": ("fix-extensions.html#flask-mail-sending-from-a-thread", "mail_broken.py"),
    "login": ("fix-extensions.html#flask-login-current-user-in-a-thread-or-a-task", "login_broken.py"),
    "shared_flash": ("fix-shared-code.html#flash-in-code-that-jobs-call-too", "shared_flash_broken.py"),
    "shared_babel": ("fix-shared-code.html#flask-babel-a-locale-selector-that-reads-request",
                     "shared_babel_broken.py"),
    "import_time_decorator": (DECORATOR_OR_CLASS, "import_time_decorator_broken.py"),
    "import_time_class": (DECORATOR_OR_CLASS, "import_time_class_broken.py"),
    "import_time_form": ("fix-import-time.html#form-fields-a-function-as-the-default-choices-in-init",
                         "import_time_form_broken.py"),
    "import_time_proxy": (PROXY, "import_time_proxy_broken.py"),
    "api_spec": ("fix-import-time.html#the-fix", "api_spec_broken.py"),  # a library's call at import
    "import_time_object": (EXTENSION_OBJECT, "import_time_object_broken.py"),
    "flask_dance_proxy": ("fix-import-time.html#an-extension-s-proxy-set-up-the-object-behind-it",
                          "github_login_broken.py"),
    "flask_dance_decorator": ("fix-import-time.html#an-extension-s-proxy-set-up-the-object-behind-it", "repos.py"),
    "factory": ("fix-app-factory.html#the-fix", "factory_broken.py"),
    "factory_extension": ("fix-app-factory.html#what-init-app-does-and-what-it-must-not-touch",
                          "factory_extension_broken.py"),
}
RECORDINGS = sorted(path.name for path in TRACEBACKS.glob("*.txt"))


def shown_line(text, snippet):
    """`file:line` of the last frame of `snippet` in a pasted traceback (or pytest report), in the
    traceback that ends with the error (not the "Call stack:" that the logging module adds)."""
    name = re.escape(snippet)
    error = reading(text)["error"][0]
    traceback = text[:text.rindex(error)]
    found = re.findall(rf'File "(?:[^"]*/)?{name}", line (\d+)|(?:^|[\s/]){name}:(\d+):', traceback, flags=re.MULTILINE)
    assert found, f"{snippet} is not in the recording"
    return f"{snippet}:{''.join(found[-1])}"


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


def links(result):
    """The fixes an answer of the finder links to, in order."""
    return [a.get_attribute("href") for a in result.locator("a").all()]


def test_every_recording_has_its_fix_and_line():
    assert {name.split(".")[0] for name in RECORDINGS} == set(RECORDED)


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("recording", RECORDINGS)
def test_a_recorded_traceback_leads_to_its_fix(paste, recording, language):
    """Each Flask line's words: <name>.flask-2.0.txt and <name>.flask-3.2.txt where they differ
    (Flask 2.0's and 3.2's wordings of the app context error, 3.2's of the request one, and its
    "There is no request in this context." inside an app context, all as they really print)."""
    link, snippet = RECORDED[recording.split(".")[0]]
    text = (TRACEBACKS / recording).read_text(encoding="utf-8")
    result = paste(language, text)
    assert links(result) == [link]
    if snippet:
        assert result.locator("code").nth(0).inner_text() == shown_line(text, snippet)
    else:  # no line of the reader's to show: the error alone
        assert result.locator("code").count() == 1
    assert result.locator("code").last.inner_text() == reading(text)["error"][0]
    assert result.get_attribute("aria-live") == "polite"


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("recording", ["watchdog.txt", "redis_pubsub.txt", "redis_loop.txt"])
def test_a_callback_of_a_library_the_guide_never_names_leads_to_the_callbacks_fix(paste, recording, language):
    """The route depends on who calls the reader's function (an installed package, in a thread
    or in a loop the reader's script runs), never on the library's name: the same traceback
    through a library nobody names reads the same."""
    text = (TRACEBACKS / recording).read_text(encoding="utf-8")
    for name in ("watchdog", "redis"):
        text = text.replace(f"site-packages/{name}/", "site-packages/nobody_names_it/")
    assert "watchdog/" not in text and "redis/" not in text
    result = paste(language, text)
    assert links(result) == [RECORDED[recording.split(".")[0]][0]]


def request_read_by_a_callback(recording="redis_pubsub.txt"):
    """A redis-py recording with its reader's line reading the request instead of the database."""
    text = (TRACEBACKS / recording).read_text(encoding="utf-8")
    reader = '  File "/home/you/project/signups.py", line 8, in on_signup\n'
    assert reader in text
    werkzeug = "/home/you/project/.venv/lib/python3.11/site-packages/werkzeug/local.py"
    return text[:text.index(reader)] + reader + textwrap.dedent(f"""\
            log.info("signup from %s", request.remote_addr)
          File "{werkzeug}", line 519, in _get_current_object
            raise RuntimeError(unbound_message) from None
        RuntimeError: Working outside of request context.
        """)


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("recording", ["redis_pubsub.txt", "redis_loop.txt"])
def test_a_library_callback_that_reads_the_request_is_not_sent_to_copy_current_request_context(
        paste, recording, language):
    """That decorator needs the request that is active where it is applied: a library calls the
    callback after any request is over, from its thread or from the loop of the reader's script.
    Whatever the library: the route reads who calls."""
    text = request_read_by_a_callback(recording).replace("site-packages/redis/", "site-packages/nobody_names_it/")
    result = paste(language, text)
    assert links(result) == [
        "fix-callbacks.html#when-the-callback-needs-the-request"]


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("prefix", ["web-1  | ", "2026-12-04 10:00:01,123 ERROR "])
@pytest.mark.parametrize("recording", ["script.txt", "redis_pubsub.txt"])
def test_a_traceback_from_a_log_that_prefixes_its_lines_reads_as_without(paste, recording, prefix, language):
    """docker compose prefixes each line with its service, a logging format with a time: the
    finder takes the prefix off (its digits any digits) and reads what it would read without."""
    text = (TRACEBACKS / recording).read_text(encoding="utf-8")
    prefixed = "".join(f"{prefix.replace('01,123', f'01,{i:03}')}{line}\n" for i, line in enumerate(text.splitlines()))
    link, snippet = RECORDED[recording.split(".")[0]]
    result = paste(language, prefixed)
    assert links(result) == [link]
    assert result.locator("code").nth(0).inner_text() == shown_line(text, snippet)
    assert result.locator("code").last.inner_text() == reading(text)["error"][0]


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("recording", ["import_time_decorator.txt", "import_time_class.txt", "script.txt"])
def test_a_paste_with_a_blank_line_under_each_frame_reads_as_without(paste, recording, language):
    """Some web pages show a pasted traceback with a blank line between each frame and its code
    line (round 15's class-body decorator): the code is still the frame's, and still routes."""
    text = (TRACEBACKS / recording).read_text(encoding="utf-8")
    spaced = re.sub(r'^(\s*File ".*)$', "\\1\n", text, flags=re.MULTILINE)
    assert spaced.count("\n") > text.count("\n")
    expected = paste(language, text).inner_text()
    assert paste(language, spaced).inner_text() == expected


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_paste_commented_out_after_its_indent_reads_as_without(paste, language):
    """A traceback kept in a file as comments, each "#" after the line's indent (round 13)."""
    text = (TRACEBACKS / "script.txt").read_text(encoding="utf-8")
    commented = "".join(re.sub(r"^(\s*)", r"\1#", line) + "\n" for line in text.splitlines())
    result = paste(language, commented)
    assert links(result) == [RECORDED["script"][0]]
    assert result.locator("code").nth(0).inner_text() == shown_line(text, RECORDED["script"][1])
    # only its last frame kept, each line after "# " (round 16): no header to take the "#" off by,
    # but the error shown is the error's own line
    lines = text.splitlines()
    error = lines.index("RuntimeError: Working outside of application context.")
    last_frame = max(i for i, line in enumerate(lines[:error]) if line.lstrip().startswith('File "'))
    excerpt = "".join(f"# {line}\n" for line in lines[last_frame:error + 1])
    result = paste(language, excerpt)
    assert result.locator("code").last.inner_text() == "RuntimeError: Working outside of application context."


# Sphinx 9.0.4's own log of a conf.py hook (autodoc-skip-member) that calls str() on the
# current_app its autodoc found in a module: a real run, paths as a reader's project has them.
SPHINX_HOOK = """\
    Traceback (most recent call last):
      File "/home/you/project/.venv/lib/python3.11/site-packages/sphinx/events.py", line 441, in emit
        results.append(listener.handler(self._app, *args))
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
      File "/home/you/project/doc/conf.py", line 6, in skip
        return skip or ("Tests" in str(obj) and "Tests" in name)
                                   ^^^^^^^^
      File "/home/you/project/.venv/lib/python3.11/site-packages/werkzeug/local.py", line 318, in __get__
        obj = instance._get_current_object()
              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
      File "/home/you/project/.venv/lib/python3.11/site-packages/werkzeug/local.py", line 519, in _get_current_object
        raise RuntimeError(unbound_message) from None
    RuntimeError: Working outside of application context.
"""


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("recording", ["script.txt", "redis_pubsub.txt", "process_pool.txt"])
def test_a_log_shown_newest_line_first_reads_as_the_right_way_up(paste, recording, language):
    """Some log viewers list a traceback's lines newest first: the error on top, the frames
    upside down, "Traceback (most recent call last):" at the bottom."""
    text = (TRACEBACKS / recording).read_text(encoding="utf-8")
    upside_down = "\n".join(reversed(text.splitlines())) + "\n"
    link, snippet = RECORDED[recording.split(".")[0]]
    result = paste(language, upside_down)
    assert links(result) == [link]
    assert result.locator("code").nth(0).inner_text() == shown_line(text, snippet)
    assert result.locator("code").last.inner_text() == reading(text)["error"][0]


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("name", ["build_app", "make_app", "app_factory"])
def test_a_factory_of_another_name_leads_to_the_factorys_fix(paste, name, language):
    text = (TRACEBACKS / "factory.txt").read_text(encoding="utf-8").replace(", in create_app\n", f", in {name}\n")
    result = paste(language, text)
    assert links(result) == ["fix-app-factory.html#the-fix"]


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_documentation_tool_reading_a_flask_proxy_leads_to_the_tools_section(paste, language):
    result = paste(language, SPHINX_HOOK)
    assert links(result) == [
        "fix-layers.html#tools-that-import-your-application"]
    assert result.locator("code").nth(0).inner_text() == "conf.py:6"


QUART = """\
Traceback (most recent call last):
  File "/home/me/.venv/lib/python3.12/site-packages/quart/app.py", line 1364, in full_dispatch_request
    result = await self.dispatch_request(request_context)
  File "/home/me/.venv/lib/python3.12/site-packages/quart/app.py", line 1402, in dispatch_request
    return await self.ensure_async(handler)(**request_.view_args)
  File "/home/me/app/views.py", line 12, in index
    return {"users": [user.name for user in User.query.all()]}
  File "/home/me/.venv/lib/python3.12/site-packages/flask_sqlalchemy/model.py", line 22, in __get__
    cls, session=cls.__fsa__.session()
  File "/home/me/.venv/lib/python3.12/site-packages/werkzeug/local.py", line 519, in _get_current_object
    raise RuntimeError(unbound_message) from None
RuntimeError: Working outside of application context.
"""


# A plain (not async) Quart view, which Quart runs in a thread pool: a Flask extension's blueprint
QUART_SYNC_VIEW = """\
Traceback (most recent call last):
  File "/home/me/.venv/lib/python3.12/site-packages/quart/app.py", line 1597, in dispatch_request
    return await self.ensure_async(handler)(**request_.view_args)  # type: ignore[return-value]
  File "/home/me/.venv/lib/python3.12/site-packages/quart/utils.py", line 58, in _wrapper
    result = await loop.run_in_executor(
  File "/usr/lib/python3.12/concurrent/futures/thread.py", line 58, in run
    result = self.fn(*self.args, **self.kwargs)
  File "/home/me/.venv/lib/python3.12/site-packages/flask_healthz/blueprint.py", line 24, in check
    check_function = current_app.config["HEALTHZ"][name]
  File "/home/me/.venv/lib/python3.12/site-packages/werkzeug/local.py", line 519, in _get_current_object
    raise RuntimeError(unbound_message) from None
RuntimeError: Working outside of application context.
"""


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("text", [QUART, QUART_SYNC_VIEW], ids=["async-view", "sync-view-in-a-thread-pool"])
def test_a_flask_extension_under_quart_is_sent_to_no_fix_of_flask(paste, text, language):
    """Quart is not Flask, and runs on the same ASGI servers: none of this guide's fixes is
    Quart's, so a Flask extension failing in a Quart view gets the honest cannot-tell, also
    where Quart runs it in a thread pool of its own."""
    result = paste(language, text)
    assert result.locator("a").count() == 0
    assert result.inner_text() == result.page.locator(".finder-unknown").inner_text()


# An error reporter (rollbar before 0.14.1) in a script that is not a web application: it reads
# the request on its own while it reports the script's error, and logs its own error; then the
# script's logger prints the reported error's traceback.
REPORTER = """\
ERROR:rollbar:Exception while building person data for Rollbar payload: RuntimeError('Working outside of \
request context.')
Traceback (most recent call last):
  File "/home/me/tool/cli.py", line 18, in main
    1 / 0
ZeroDivisionError: division by zero

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/home/me/.venv/lib/python3.11/site-packages/rollbar/__init__.py", line 683, in _add_person_data
    person_data = _build_person_data(request)
  File "/home/me/.venv/lib/python3.11/site-packages/rollbar/__init__.py", line 697, in _build_person_data
    if hasattr(request, 'rollbar_person'):
  File "/home/me/.venv/lib/python3.11/site-packages/werkzeug/local.py", line 318, in __get__
    obj = instance._get_current_object()
  File "/home/me/.venv/lib/python3.11/site-packages/werkzeug/local.py", line 519, in _get_current_object
    raise RuntimeError(unbound_message) from None
RuntimeError: Working outside of request context.
ERROR:cli:simulation step failed
Traceback (most recent call last):
  File "/home/me/tool/cli.py", line 18, in main
    1 / 0
ZeroDivisionError: division by zero
"""


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_library_that_reads_the_request_on_its_own_shows_no_line_of_the_reader(paste, language):
    """No line of the reader's is in the traceback that ends with the error: the line of the
    error that the library was reporting, before it and after it, is not the one to fix."""
    result = paste(language, REPORTER)
    assert links(result) == [NEEDS_REQUEST]
    assert result.locator("p").count() == 2  # the fix and the error: no line
    assert "cli.py" not in result.inner_text()


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("kind", ["application", "request"])
def test_flask_0_10s_wording_in_an_old_thread_is_read_too(paste, kind, language):
    """Flask 0.10 and older raised `RuntimeError: working outside of application context`
    (request context), lower case and without the explanation: readers still paste it from old
    threads. The script recording, worded so."""
    text = (TRACEBACKS / "script.txt").read_text(encoding="utf-8")
    old_wording = text[:text.index("RuntimeError: ")] + f"RuntimeError: working outside of {kind} context\n"
    result = paste(language, old_wording)
    linked = links(result)
    assert linked == ["fix-script.html#the-fix"] if kind == "application" else len(linked) == 1
    assert result.locator("code").last.inner_text() == f"RuntimeError: working outside of {kind} context"


APP_ERROR_LINE = "RuntimeError: Working outside of application context."
OLD_FLASK_SQLALCHEMY = ("RuntimeError: application not registered on db instance and no application bound to "
                        "current context")
# Older releases' words for the same errors, as readers paste them from old threads: Flask-SQLAlchemy
# 2.0 and 2.1, and 2.2 (a task, a TestCase, a scheduled job), Flask 1.1 (Flask-Executor's
# copy_current_request_context), and flask-redis 0.4's own (an extension set up in the factory).
OLD_WORDINGS = {
    "factory_extension.txt": (APP_ERROR_LINE, "RuntimeError: Flask application not registered on Redis instance and "
                                              "no applcation bound to current context"),
    "celery.txt": (APP_ERROR_LINE, OLD_FLASK_SQLALCHEMY),
    "unittest.txt": (APP_ERROR_LINE, OLD_FLASK_SQLALCHEMY),
    "apscheduler.txt": (APP_ERROR_LINE, OLD_FLASK_SQLALCHEMY.replace("application bound", "applicationbound")),
    "flask_executor.flask-2.0.txt": (
        "RuntimeError: This decorator can only be used when a request context is active, such as within a view "
        "function.",
        "RuntimeError: This decorator can only be used at local scopes when a request context is on the stack.  "
        "For instance within view functions."),
}


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("recording", sorted(OLD_WORDINGS))
def test_older_releases_wordings_are_read_too(paste, recording, language):
    text = (TRACEBACKS / recording).read_text(encoding="utf-8")
    new, old = OLD_WORDINGS[recording]
    assert new in text
    result = paste(language, text.replace(new, old))
    assert links(result) == [RECORDED[recording.split(".")[0]][0]]
    assert result.locator("code").last.inner_text() == " ".join(old.split())  # as HTML shows two spaces


@pytest.mark.parametrize("language", ["en", "vi"])
def test_flask_migrates_line_without_a_traceback_leads_to_its_section(paste, language):
    """Flask-Migrate's upgrade() called from a reader's script prints the error on a line of its
    own (migrations_upgrade_error.txt, which tests/test_fix_migrations.py asserts it prints)."""
    text = (ROOT / "snippets" / "fix-migrations" / "migrations_upgrade_error.txt").read_text(encoding="utf-8")
    assert "Traceback" not in text
    result = paste(language, text)
    assert links(result) == [
        "fix-migrations.html#upgrade-from-a-script-or-an-entry-point"]


# What eventlet 0.35.1 and later log when monkey_patch() comes after Flask's import (the message
# of its logger.exception() in eventlet/patcher.py), then the traceback it caught.
EVENTLET_LOGGED = ("An exception was thrown while monkey_patching for eventlet. to fix this error make sure you "
                   "run eventlet.monkey_patch() before importing any other modules.\n")


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("frames", [True, False], ids=["werkzeug-frame-only", "no-traceback"])
def test_eventlets_logged_line_leads_to_its_section_without_its_frames(paste, frames, language):
    """A log that kept eventlet's line but not eventlet's frames (a cut traceback, or none)."""
    traceback = f"""\
Traceback (most recent call last):
  File "{VENV}/werkzeug/local.py", line 519, in _get_current_object
    raise RuntimeError(unbound_message) from None
""" if frames else ""
    result = paste(language, EVENTLET_LOGGED + traceback + APP_ERROR_LINE + "\n")
    assert links(result) == ["fix-gevent-socketio.html#eventlet"]


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_job_that_logged_the_error_itself_leads_to_the_schedulers_fix(paste, language):
    """No traceback: APScheduler's line before the run (tests/test_fix_apscheduler.py asserts its
    words), then the job's own log line with the error's message."""
    result = paste(language, """\
2026-12-06 02:00:00,001 INFO apscheduler.executors.default: Running job "cleanup (trigger: cron[hour='2'], \
next run at: 2026-12-07 02:00:00 UTC)" (scheduled at 2026-12-06 02:00:00+00:00)
2026-12-06 02:00:00,004 ERROR jobs: cleanup failed: Working outside of application context.
""")
    assert links(result) == ["fix-apscheduler.html#the-fix"]


@pytest.mark.parametrize("language", ["en", "vi"])
def test_setting_g_at_module_level_is_not_sent_to_the_extension_proxy_section(paste, language):
    """There is no object behind `g` outside a context: a script that sets it needs the
    script's fix, not the extension proxy's."""
    text = (TRACEBACKS / "flask_dance_proxy.txt").read_text(encoding="utf-8")
    text = text.replace("github.storage = SQLAlchemyStorage(OAuth, db.session, user=current_user)", "g.storage = None")
    result = paste(language, text)
    assert links(result) == ["fix-script.html#the-fix"]


# Shapes of tracebacks through libraries the guide names nowhere, each as a reader's program
# prints it: (the text, the fix it must link).
VENV = "/home/you/project/.venv/lib/python3.11/site-packages"
APP_ERROR = f"""\
  File "{VENV}/werkzeug/local.py", line 519, in _get_current_object
    raise RuntimeError(unbound_message) from None
RuntimeError: Working outside of application context.
"""
# Reading a proxy of the request (request, session, current_user) where there is none
REQUEST_ERROR = f"""\
  File "{VENV}/werkzeug/local.py", line 318, in __get__
    obj = instance._get_current_object()
  File "{VENV}/werkzeug/local.py", line 519, in _get_current_object
    raise RuntimeError(unbound_message) from None
RuntimeError: Working outside of request context.
"""
OLD_VENV = "/home/you/project/venv/lib/python3.6/site-packages"  # Flask 1.1's, Werkzeug 0.16's
OLD_APP_ERROR = f"""\
  File "{OLD_VENV}/werkzeug/local.py", line 348, in __getattr__
    return getattr(self._get_current_object(), name)
  File "{OLD_VENV}/werkzeug/local.py", line 307, in _get_current_object
    return self.__local()
  File "{OLD_VENV}/flask/globals.py", line 52, in _find_app
    raise RuntimeError(_app_ctx_err_msg)
RuntimeError: Working outside of application context.
"""
UNNAMED = {
    # a page layout that a framework keeps (Dash's), built at the top of the module: the reader's
    # line reads the session itself, once, where no request will ever be
    "layout_reads_the_session": ("""\
Traceback (most recent call last):
  File "app.py", line 19, in <module>
    html.Div(id="greeting", children="User: {}".format(session.get("username"))),
""" + REQUEST_ERROR, "fix-import-time.html#a-library-reads-your-value-once"),
    # another project's extension whose init_app() reads current_app, called in the factory
    "extension_init_app": (f"""\
Traceback (most recent call last):
  File "{VENV}/flask/cli.py", line 64, in find_best_app
    app = app_factory()
  File "/home/you/project/shop/__init__.py", line 21, in create_app
    keycard.init_app(app, User)
  File "{VENV}/flask_keycard/core.py", line 88, in init_app
    self.user_class = self._check_user_class(user_class)
  File "{VENV}/flask_keycard/core.py", line 140, in _check_user_class
    current_app.logger.debug("user class checked")
  File "{VENV}/werkzeug/local.py", line 311, in __get__
    obj = instance._get_current_object()
""" + APP_ERROR, "fix-app-factory.html#what-init-app-does-and-what-it-must-not-touch"),
    # Flask-Migrate before 2.2 called from an entry point of the reader's: no catch, a traceback
    "flask_migrate_before_2_2": (f"""\
Traceback (most recent call last):
  File "/home/you/project/venv/bin/shop-upgrade", line 11, in <module>
    load_entry_point('shop', 'console_scripts', 'shop-upgrade')()
  File "/home/you/project/shop/deploy.py", line 9, in upgrade_database
    upgrade()
  File "{OLD_VENV}/flask_migrate/__init__.py", line 233, in upgrade
    config = current_app.extensions['migrate'].migrate.get_config(directory,
""" + OLD_APP_ERROR, "fix-migrations.html#upgrade-from-a-script-or-an-entry-point"),
    # gettext() in a class body on Flask-Babel 0.10.0 (Flask 1.1 on Werkzeug 0.16), which raised there
    "flask_babel_0_10": (f"""\
Traceback (most recent call last):
  File "manage.py", line 3, in <module>
    from shop import app
  File "/home/you/project/shop/__init__.py", line 12, in <module>
    from shop.labels import Labels
  File "/home/you/project/shop/labels.py", line 4, in <module>
    class Labels:
  File "/home/you/project/shop/labels.py", line 5, in Labels
    suffix = "_" + gettext("copy")
  File "{OLD_VENV}/flask_babel/__init__.py", line 538, in gettext
    t = get_translations()
  File "{OLD_VENV}/flask_babel/__init__.py", line 215, in get_translations
    babel = current_app.extensions['babel']
""" + OLD_APP_ERROR, "fix-shared-code.html#flask-babel-gettext-at-import-never-translates"),
    # sys.excepthook on Python 3.13 (and 3.9), which shows the hook's own line (3.11 does not:
    # the recording)
    "excepthook_with_the_hooks_line": (f"""\
Error in sys.excepthook:
Traceback (most recent call last):
  File "/home/you/project/exit_report_broken.py", line 17, in report_crash
    print(f"crashed: {{error}}; {{db.session.query(User).count()}} users")
  File "{VENV.replace('3.11', '3.13')}/sqlalchemy/orm/scoping.py", line 1747, in query
    return self._proxied.query(*entities, **kwargs)
  File "{VENV.replace('3.11', '3.13')}/flask_sqlalchemy/session.py", line 111, in _app_ctx_id
    return id(app_ctx._get_current_object())  # type: ignore[attr-defined]
""" + APP_ERROR + """
Original exception was:
Traceback (most recent call last):
  File "/home/you/project/exit_report_broken.py", line 27, in <module>
    raise ValueError("bad input")
ValueError: bad input
""", HOOKS),
    # an exit handler's error on Python 3.9, with the cause that Flask-SQLAlchemy 2.5's error has
    "atexit_python_3_9": ("""\
Error in atexit._run_exitfuncs:
Traceback (most recent call last):
  File "/home/you/project/.venv/lib/python3.9/site-packages/sqlalchemy/util/_collections.py", line 1008, in __call__
    return self.registry[key]
KeyError: <greenlet.greenlet object at 0x7f3a2c1e5b20 (otid=0x7f3a2c1e5b20) current active started main>

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/home/you/project/exit_report_broken.py", line 12, in report
    print(f"{db.session.query(User).count()} users at exit")
  File "<string>", line 2, in query
  File "/home/you/project/.venv/lib/python3.9/site-packages/flask_sqlalchemy/__init__.py", line 1042, in get_app
    raise RuntimeError(
RuntimeError: No application found. Either work inside a view function or push an application context. \
See http://flask-sqlalchemy.pocoo.org/contexts/.
""", HOOKS),
    # mock.patch() as a decorator: pytest's report starts in mock.py, no line of the test's
    "mock_patch_decorator": (f"""\
=================================== FAILURES ===================================
________________________________ test_discount _________________________________

args = (), keywargs = {{}}

    @wraps(func)
    def patched(*args, **keywargs):
>       with self.decoration_helper(patched,
                                    args,
                                    keywargs) as (newargs, newkeywargs):

/usr/lib/python3.11/unittest/mock.py:1372:
_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _
/usr/lib/python3.11/unittest/mock.py:1354: in decoration_helper
    arg = exit_stack.enter_context(patching)
/usr/lib/python3.11/unittest/mock.py:1466: in __enter__
    if spec is None and _is_async_obj(original):
/usr/lib/python3.11/unittest/mock.py:56: in _is_async_obj
    if hasattr(obj, '__func__'):
{VENV}/werkzeug/local.py:318: in __get__
    obj = instance._get_current_object()
E           RuntimeError: Working outside of application context.

{VENV}/werkzeug/local.py:519: RuntimeError
=========================== short test summary info ============================
FAILED test_pricing.py::test_discount - RuntimeError: Working outside of applicat...
""", "fix-pytest.html#mock-patch-on-current-app-g-or-request"),
    # pytest --doctest-modules with Werkzeug 2.2.1, whose proxies raise in inspect.unwrap()
    "doctest_collection_on_werkzeug_2_2_1": (f"""\
==================================== ERRORS ====================================
__________________________ ERROR collecting views.py ___________________________
/usr/lib/python3.11/doctest.py:942: in find
    self._find(tests, obj, name, module, source_lines, globs, {{}})
/usr/lib/python3.11/doctest.py:985: in _is_routine
    maybe_routine = inspect.unwrap(maybe_routine)
/usr/lib/python3.11/inspect.py:762: in unwrap
    while _is_wrapper(func):
/usr/lib/python3.11/inspect.py:753: in _is_wrapper
    return hasattr(f, '__wrapped__')
{VENV}/werkzeug/local.py:316: in __get__
    obj = instance._get_current_object()  # type: ignore[misc]
{VENV}/werkzeug/local.py:509: in _get_current_object
    raise RuntimeError(unbound_message) from None
E   RuntimeError: Working outside of request context.
=========================== short test summary info ============================
ERROR views.py - RuntimeError: Working outside of request context.
""", "version-changes.html#after-an-upgrade-with-no-change-in-your-code"),
    # Flask 1.1's `flask shell` looking for the application, on Werkzeug 2.0.0rc1
    "find_best_app_on_a_pre_release": (f"""\
Traceback (most recent call last):
  File "/home/you/project/.venv/bin/flask", line 8, in <module>
    sys.exit(main())
  File "{VENV}/flask/cli.py", line 388, in load_app
    app = locate_app(self, import_name, name)
  File "{VENV}/flask/cli.py", line 257, in locate_app
    return find_best_app(script_info, module)
  File "{VENV}/flask/cli.py", line 66, in find_best_app
    matches = [v for v in itervalues(module.__dict__) if isinstance(v, Flask)]
  File "{VENV}/flask/cli.py", line 66, in <listcomp>
    matches = [v for v in itervalues(module.__dict__) if isinstance(v, Flask)]
  File "{VENV}/werkzeug/local.py", line 379, in __get__
    obj = instance._get_current_object()
  File "{VENV}/werkzeug/local.py", line 544, in _get_current_object
    return self.__local()  # type: ignore
  File "{VENV}/flask/globals.py", line 52, in _find_app
    raise RuntimeError(_app_ctx_err_msg)
RuntimeError: Working outside of application context.
""", "version-changes.html#after-an-upgrade-with-no-change-in-your-code"),
    # a test that reads the request its client made, after the call: pytest's report whole, and
    # its last lines alone, which could be any test's: the request context's page
    "test_reads_the_clients_request": (f"""\
=================================== FAILURES ===================================
__________________________ test_hook_reads_the_token ___________________________

    def test_hook_reads_the_token():
        client = app.test_client()
        client.get("/hook?token=t0k")
>       assert request.args["token"] == "t0k"

test_hook.py:14:
_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _
{VENV}/werkzeug/local.py:318: in __get__
    obj = instance._get_current_object()
_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _

    def _get_current_object() -> T:
        try:
            obj = local.get()
        except LookupError:
>           raise RuntimeError(unbound_message) from None
E           RuntimeError: Working outside of request context.

{VENV}/werkzeug/local.py:519: RuntimeError
""", "fix-pytest.html#with-client-keeps-the-last-request-s-context"),
    "test_reads_the_clients_request_last_lines": ("""\
>           raise RuntimeError(unbound_message) from None
E           RuntimeError: Working outside of request context.
E
E           This typically means that you attempted to use functionality that needed
E           an active HTTP request. Consult the documentation on testing for
E           information about how to avoid this problem.
""", "request-context.html"),  # no frame: a test's, or a doctest's while collecting (the page names both)
    # a streamed response's generator under gunicorn, the reader having cut the frames between
    "stream_with_frames_left_out": (f"""\
[2026-12-05 10:00:00 +0000] [42] [ERROR] Error handling request /export.csv
...
  File "/home/you/project/shop/export.py", line 14, in generate
    for row in Order.query.all():
...
  File "{VENV}/werkzeug/local.py", line 519, in _get_current_object
...
RuntimeError: Working outside of application context.
""", "request-context.html#a-streamed-response-fails-after-the-view-returned-stream-with-context"),
    # a test that runs a command with app.test_cli_runner(), whose parameter's callback reads the
    # database before the command's context
    "cli_runner_parameter_callback": (f"""\
=================================== FAILURES ===================================
_______________________________ test_remove_user _______________________________

    def test_remove_user():
>       result = app.test_cli_runner().invoke(args=["remove-user", "ada"], catch_exceptions=False)

test_cli.py:5:
_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _
{VENV}/flask/testing.py:298: in invoke
    return super().invoke(cli, args, **kwargs)
{VENV}/click/testing.py:686: in invoke
    return_value = cli.main(args=args or (), prog_name=prog_name, **extra)
{VENV}/click/core.py:2811: in handle_parse_result
    value, args = param.handle_parse_result(ctx, opts, args)
{VENV}/click/core.py:2677: in process_value
    value = self.callback(ctx, self, value)
cli_param_callback.py:15: in existing_user
    if db.session.scalar(select(User).filter_by(name=name)) is None:
{VENV}/flask_sqlalchemy/session.py:111: in _app_ctx_id
    return id(app_ctx._get_current_object())  # type: ignore[attr-defined]
E           RuntimeError: Working outside of application context.

{VENV}/werkzeug/local.py:519: RuntimeError
""", "fix-cli.html#a-parameter-s-callback-on-flask-2-0-and-2-1-and-in-tests"),
    # a thread class that keeps its error, which the view raises again after join(): Flask's
    # request handling and the thread's frames in one traceback, and no threading.py
    "thread_error_raised_again_in_the_view": (f"""\
[2026-12-05 12:26:29,178] ERROR in app: Exception on /report [GET]
Traceback (most recent call last):
  File "{VENV}/flask/app.py", line 1511, in wsgi_app
    response = self.full_dispatch_request()
  File "{VENV}/flask/app.py", line 917, in full_dispatch_request
    rv = self.dispatch_request()
  File "{VENV}/flask/app.py", line 902, in dispatch_request
    return self.ensure_sync(self.view_functions[rule.endpoint])(**view_args)
  File "/home/you/project/app.py", line 32, in report
    worker.join()
  File "/home/you/project/app.py", line 21, in join
    raise self.error
  File "/home/you/project/app.py", line 14, in run
    self.result = self.target()
  File "/home/you/project/app.py", line 25, in build_report
    return current_app.config["REPORT_TITLE"]
  File "{VENV}/werkzeug/local.py", line 318, in __get__
    obj = instance._get_current_object()
""" + APP_ERROR, "fix-threads.html#the-fix"),
    # a Lambda handler for a schedule on the Python runtime, which logs the error first and
    # leaves its own frames out; the packages in /var/task, beside the function's code
    "lambda_handler_on_the_runtime": ("""\
[ERROR] RuntimeError: Working outside of application context.

This typically means that you attempted to use functionality that needed
the current application. To solve this, set up an application context
with app.app_context(). See the documentation for more information.
Traceback (most recent call last):
  File "/var/task/lambda_function.py", line 20, in nightly_cleanup
    return {"deleted": delete_guests()}
  File "/var/task/guests.py", line 10, in delete_guests
    guests = db.session.scalars(select(User).where(User.name.startswith("guest-"))).all()
  File "/var/task/flask_sqlalchemy/session.py", line 111, in _app_ctx_id
    return id(app_ctx._get_current_object())  # type: ignore[attr-defined]
  File "/var/task/werkzeug/local.py", line 519, in _get_current_object
    raise RuntimeError(unbound_message) from None
""", SERVERLESS),
    # a library's own `flask` command on Windows: the console script is Scripts\flask.exe\__main__.py
    "library_command_on_windows": ("""\
Traceback (most recent call last):
  File "C:\\Users\\you\\project\\venv\\Scripts\\flask.exe\\__main__.py", line 7, in <module>
    sys.exit(main())
  File "C:\\Users\\you\\project\\venv\\Lib\\site-packages\\flask_security\\forms.py", line 263, in __init__
    self.next.data = request.args.get('next', '')
  File "C:\\Users\\you\\project\\venv\\Lib\\site-packages\\werkzeug\\local.py", line 519, in _get_current_object
    raise RuntimeError(unbound_message) from None
RuntimeError: Working outside of request context.
""", NEEDS_REQUEST),
    # the lines around the error, from the proxy's frame on (no "Traceback" line above): an
    # excerpt, not a server that called the proxy
    "excerpt_from_the_proxy_on": ("""\
  File "/home/you/project/.venv/lib/python3.11/site-packages/werkzeug/local.py", line 318, in __get__
    obj = instance._get_current_object()
  File "/home/you/project/.venv/lib/python3.11/site-packages/werkzeug/local.py", line 519, in _get_current_object
    raise RuntimeError(unbound_message) from None
RuntimeError: Working outside of application context.
""", None),
    # pytest's report of a TestCase's setUpClass: the function's code, not its name
    "pytest_report_of_a_set_up_class": (f"""\
==================================== ERRORS ====================================
______________________ ERROR at setup of UserTests.test_ada_is_there ______________________

cls = <class 'test_users.UserTests'>

    @classmethod
    def setUpClass(cls):
        cls.app = create_app()
>       db.create_all()

test_users.py:13:
{VENV}/flask_sqlalchemy/extension.py:900: in create_all
    self._call_for_binds(bind_key, "create_all")
{VENV}/werkzeug/local.py:519: in _get_current_object
    raise RuntimeError(unbound_message) from None
E   RuntimeError: Working outside of application context.
""", "fix-unittest.html#set-up-that-runs-before-setup-setupclass-and-a-library-s-base-class"),
    # uWSGI given a proxy, run from site-packages: the proxy is the first Python frame
    "uwsgi_given_a_proxy": ("""\
Traceback (most recent call last):
  File "./werkzeug/local.py", line 375, in <lambda>
    __call__ = lambda x, *a, **kw: x._get_current_object()(*a, **kw)
  File "./werkzeug/local.py", line 306, in _get_current_object
    return self.__local()
  File "./flask/globals.py", line 52, in _find_app
    raise RuntimeError(_app_ctx_err_msg)
RuntimeError: Working outside of application context.
[pid: 16585|app: 0|req: 1/1] 127.0.0.1 () {38 vars in 602 bytes} GET / => generated 0 bytes (HTTP/1.1 500)
""", SERVER_GIVEN_A_PROXY),
    # a CI log of a TestCase's setUp, without unittest's frames or its summary
    "ci_log_of_a_setup": ("""\
18-Dec-2017 16:48:58 | Traceback (most recent call last):
18-Dec-2017 16:48:58 | File "/vagrant/tests/test_api.py", line 21, in setUp
18-Dec-2017 16:48:58 | super(TestAPI, self).setUp()
18-Dec-2017 16:48:58 | File "/vagrant/tests/__init__.py", line 31, in setUp
18-Dec-2017 16:48:58 | db.drop_all()
18-Dec-2017 16:48:58 | File "/usr/local/lib/python2.7/dist-packages/flask_sqlalchemy/__init__.py", line 912, \
in get_app
18-Dec-2017 16:48:58 | 'No application found. Either work inside a view function or push'
18-Dec-2017 16:48:58 | RuntimeError: No application found. Either work inside a view function or push an \
application context.
""", "fix-unittest.html#the-fix"),
    # a task that Zappa's Lambda handler runs (the packages in /var/task, beside the reader's)
    "zappa_task": ("""\
[1573401852783] Working outside of application context.: RuntimeError
Traceback (most recent call last):
  File "/var/task/handler.py", line 287, in run_function
  result = app_function(event, context)
  File "/var/task/zappa/asynchronous.py", line 308, in run_message
  **message['kwargs']
  File "/var/task/myapp/tasks.py", line 8, in build_report
  bucket = current_app.config['REPORT_BUCKET']
  File "/var/task/flask/globals.py", line 52, in _find_app
  raise RuntimeError(_app_ctx_err_msg)
RuntimeError: Working outside of application context.
""", SERVERLESS),
    # Zappa's handler calling a queue's handler of the reader's, in a "slim" deployment whose
    # packages Zappa unpacked under /tmp/<project>/ (round 15)
    "zappa_queue_handler_slim": ("""\
Working outside of application context.: RuntimeError Traceback (most recent call last):
  File "/var/task/handler.py", line 609, in lambda_handler
  return LambdaHandler.lambda_handler(event, context)
  File "/var/task/handler.py", line 282, in run_function
  result = app_function(event, context)
  File "/tmp/shop/api/queue.py", line 31, in on_message
  return jsonify(label=label)
  File "/tmp/shop/flask/json/__init__.py", line 358, in jsonify
  if current_app.config["JSONIFY_PRETTYPRINT_REGULAR"] or current_app.debug:
  File "/var/task/werkzeug/local.py", line 348, in __getattr__
  return getattr(self._get_current_object(), name)
  File "/tmp/shop/flask/globals.py", line 52, in _find_app
  raise RuntimeError(_app_ctx_err_msg)
RuntimeError: Working outside of application context.
""", SERVERLESS),
    # a decorator's arguments in a class body, the only frame of the reader's that the paste
    # shows (round 15)
    "decorator_in_a_class_body_alone": (f"""\
  File "/home/you/project/views.py", line 40, in ReportAPI
    @cached(key="report_{{}}".format(g.city.id))
  File "{VENV}/werkzeug/local.py", line 316, in __get__
    obj = instance._get_current_object()
""" + APP_ERROR, DECORATOR_OR_CLASS),
    # functions-framework's own command loading main.py (a release that pushes no context)
    "functions_framework_loader": (f"""\
Traceback (most recent call last):
  File "/home/you/project/.venv/bin/functions-framework", line 8, in <module>
    sys.exit(_cli())
  File "{VENV}/functions_framework/__init__.py", line 229, in create_app
    spec.loader.exec_module(source_module)
  File "<frozen importlib._bootstrap>", line 219, in _call_with_frames_removed
  File "/home/you/project/main.py", line 6, in <module>
    current_app.config["GREETING"] = "hello"
  File "{VENV}/werkzeug/local.py", line 318, in __get__
    obj = instance._get_current_object()
""" + APP_ERROR, "fix-layers.html#a-framework-that-makes-the-application-test-through-it"),
    # a Ray actor's method, in a worker process Ray started
    "ray_actor": (f"""\
ERROR worker.py:80 -- Unhandled error: ray::FeatureWorker.features() (pid=10182, ip=10.0.0.7)
  File "/home/you/project/features.py", line 14, in features
    log_duration("features", duration)
  File "/home/you/project/utils/logging.py", line 8, in log_duration
    if "durations" not in g:
  File "{VENV}/werkzeug/local.py", line 318, in __get__
    obj = instance._get_current_object()
""" + APP_ERROR, "fix-processes.html#the-fix-create-the-application-in-the-child"),
    # a library's own `flask` command, whose form reads the request: no line of the reader's (the
    # console script is not one)
    "library_command_reads_the_request": (f"""\
Traceback (most recent call last):
  File "./venv/bin/flask", line 11, in <module>
    sys.exit(main())
  File "{VENV}/click/core.py", line 1066, in invoke
    return ctx.invoke(self.callback, **ctx.params)
  File "{VENV}/flask_security/cli.py", line 63, in users_create
    MultiDict(kwargs), csrf_enabled=False
  File "{VENV}/flask_security/forms.py", line 263, in __init__
    self.next.data = request.args.get('next', '')
""" + REQUEST_ERROR, NEEDS_REQUEST),
    # an extension object created with the proxy at the top of a blueprint's module
    "extension_created_with_the_proxy": (f"""\
Traceback (most recent call last):
  File "/home/you/project/wsgi.py", line 1, in <module>
    from shop import create_app
  File "/home/you/project/shop/views.py", line 5, in <module>
    executor = Executor(current_app)
  File "{VENV}/flask_executor/executor.py", line 93, in __init__
    self.init_app(app)
  File "{VENV}/flask_executor/executor.py", line 103, in init_app
    app.config.setdefault('EXECUTOR_TYPE', 'thread')
  File "{VENV}/werkzeug/local.py", line 318, in __get__
    obj = instance._get_current_object()
""" + APP_ERROR, PROXY),
    # a library that runs the reader's function in a worker of its own, then raises its own
    # exception quoting the error (Dash's background callbacks), before the error's own traceback
    "wrapper_exception_quotes_the_error": (f"""\
Exception on /_dash-update-component [POST]
Traceback (most recent call last):
  File "{VENV}/flask/app.py", line 1796, in dispatch_request
    return self.ensure_sync(self.view_functions[rule.endpoint])(**view_args)
  File "{VENV}/dash/_callback.py", line 421, in add_context
    raise LongCallbackError(
dash.exceptions.LongCallbackError: An error occurred inside a long callback: Working outside of application context.
Traceback (most recent call last):
  File "{VENV}/dash/long_callback/managers/celery_manager.py", line 155, in run
    user_callback_output = fn(*maybe_progress, *user_callback_args)
  File "/home/you/project/app.py", line 18, in run
    return flask.current_app.config["GREETING"]
""" + APP_ERROR, CALLBACK),
    # Sphinx's console: the last frame only, and where the whole traceback went (Sphinx 3, and 1)
    "sphinx_console": ("""\
reading sources... [100%] index

Exception occurred:
  File "/home/me/.venv/lib/python3.8/site-packages/flask/globals.py", line 38, in _lookup_req_object
    raise RuntimeError(_request_ctx_err_msg)
RuntimeError: Working outside of request context.
The full traceback has been saved in /tmp/sphinx-err-nyi138fd.log, if you want to report the issue to the \
developers.
""", TOOLS),
    # the same, pasted without the line that names where the whole traceback went
    "sphinx_console_without_its_last_line": ("""\
Exception occurred:
  File "/home/me/.venv/lib/python3.8/site-packages/flask/globals.py", line 38, in _lookup_req_object
    raise RuntimeError(_request_ctx_err_msg)
RuntimeError: Working outside of request context.
""", TOOLS),
    "sphinx_1_log": (f"""\
Traceback (most recent call last):
  File "{VENV}/sphinx/application.py", line 489, in emit
    results.append(callback(self, *args))
  File "/home/me/project/docs/conf.py", line 15, in autodoc_skip_docstring
    if obj.__doc__ is None:
""" + APP_ERROR, TOOLS),
    # a job module that APScheduler imports to restore a stored job, which fetched the
    # extension's object from an attribute of current_app at its top
    "extension_attribute_at_import": (f"""\
ERROR:apscheduler.jobstores.default:Unable to restore job "job1" -- removing it
Traceback (most recent call last):
  File "{VENV}/apscheduler/jobstores/sqlalchemy.py", line 141, in _get_jobs
    jobs.append(self._reconstitute_job(row.job_state))
  File "{VENV}/apscheduler/util.py", line 282, in ref_to_obj
    obj = __import__(modulename, fromlist=[rest])
  File "/home/me/project/jobs.py", line 5, in <module>
    scheduler = current_app.apscheduler
  File "{VENV}/werkzeug/local.py", line 318, in __get__
    obj = instance._get_current_object()
""" + APP_ERROR, EXTENSION_OBJECT),
    # a queue handler that copies the request context for each record (Flask-LogConfig's), a
    # message logged at start-up: Python 3's "--- Logging error ---", or Python 2's bare traceback
    "log_handler_copies_the_context": (f"""\
--- Logging error ---
Traceback (most recent call last):
  File "/usr/lib/python3.9/logging/handlers.py", line 1456, in emit
    self.enqueue(self.prepare(record))
  File "{VENV}/flask_logconfig/__init__.py", line 53, in prepare
    record.request_context = copy_current_request_context()
  File "{VENV}/flask_logconfig/__init__.py", line 283, in copy_current_request_context
    raise RuntimeError(
RuntimeError: This function can only be used at local scopes when a request context is on the stack. For instance \
within view functions.
Call stack:
  File "/home/you/project/app.py", line 21, in <module>
    log.debug("starting")
Message: 'starting'
""", LOGGING),
    "log_handler_copies_the_context_python_2": ("""\
Traceback (most recent call last):
  File "/usr/local/lib/python2.7/dist-packages/logutils/queue.py", line 94, in emit
    self.enqueue(self.prepare(record))
  File "/usr/local/lib/python2.7/dist-packages/flask_logconfig/__init__.py", line 53, in prepare
    record.request_context = copy_current_request_context()
  File "/usr/local/lib/python2.7/dist-packages/flask_logconfig/__init__.py", line 284, in copy_current_request_context
    'This function can only be used at local scopes '
RuntimeError: This function can only be used at local scopes when a request context is on the stack. For instance \
within view functions.
Logged from file app.py, line 21
""", LOGGING),
    # a SOAP service mounted by a dispatcher that replaced app.wsgi_app, on the development server:
    # Flask's __call__, the dispatcher, the service library, then the reader's service function
    "soap_beside_flask": (f"""\
Traceback (most recent call last):
  File "{VENV}/werkzeug/serving.py", line 335, in execute
    application_iter = app(environ, start_response)
  File "{VENV}/flask/app.py", line 1536, in __call__
    return self.wsgi_app(environ, start_response)
  File "{VENV}/werkzeug/middleware/dispatcher.py", line 81, in __call__
    return app(environ, start_response)
  File "{VENV}/spyne/server/wsgi.py", line 450, in handle_rpc
    first_obj = next(g)
  File "/home/you/project/soap/services.py", line 16, in get_tool
    tool = db.session.get(Tool, tool_id)
""" + APP_ERROR, BESIDE_FLASK),
    # a streamed response under gunicorn: the server's frames, then Werkzeug's iteration
    "stream_under_gunicorn": (f"""\
[2026-12-05 10:00:00 +0000] [42] [ERROR] Error handling request GET /export.csv
Traceback (most recent call last):
  File "{VENV}/gunicorn/workers/sync.py", line 189, in handle_request
    for item in respiter:
  File "{VENV}/werkzeug/wsgi.py", line 272, in __next__
    return self._next()
  File "{VENV}/werkzeug/wrappers/response.py", line 32, in _iter_encoded
    for item in iterable:
  File "/home/you/project/shop/export.py", line 14, in generate
    for row in Order.query.all():
""" + APP_ERROR, "request-context.html#a-streamed-response-fails-after-the-view-returned-stream-with-context"),
    # pytest --debug prints each hook's arguments, a module's imported proxy among them
    "pytest_debug": (f"""\
==================================== ERRORS ====================================
________________________ ERROR collecting test_app.py __________________________
{VENV}/pluggy/_tracing.py:28: in _format_message
    lines.append("%s    %s: %s\\n" % (indent, name, value))
{VENV}/werkzeug/local.py:318: in __get__
    obj = instance._get_current_object()
{VENV}/werkzeug/local.py:519: in _get_current_object
    raise RuntimeError(unbound_message) from None
E   RuntimeError: Working outside of application context.
=========================== short test summary info ============================
""", "fix-layers.html#tools-that-import-your-application"),
    # a form field's default runs a query where the form class is made: imported by the factory
    "factory_imports_a_form_field": (f"""\
Traceback (most recent call last):
  File "/home/you/blog/run.py", line 3, in <module>
    app = create_app()
  File "/home/you/blog/blog/__init__.py", line 14, in create_app
    from blog.posts.views import posts
  File "/home/you/blog/blog/posts/views.py", line 3, in <module>
    from blog.posts.forms import PostForm
  File "/home/you/blog/blog/posts/forms.py", line 12, in <module>
    class PostForm(FlaskForm):
  File "/home/you/blog/blog/posts/forms.py", line 14, in PostForm
    body = TextAreaField("Body", default=latest_body())
  File "/home/you/blog/blog/posts/forms.py", line 9, in latest_body
    return Post.query.first().body
  File "{VENV}/flask_sqlalchemy/model.py", line 31, in __get__
    cls, session=cls.__fsa__.session()
  File "{VENV}/sqlalchemy/orm/scoping.py", line 219, in __call__
    sess = self.registry()
  File "{VENV}/sqlalchemy/util/_collections.py", line 629, in __call__
    key = self.scopefunc()
  File "{VENV}/flask_sqlalchemy/session.py", line 102, in _app_ctx_id
    return id(app_ctx._get_current_object())
""" + APP_ERROR, "fix-import-time.html#form-fields-a-function-as-the-default-choices-in-init"),
    # the same import through the factory, of a class body that is no form: not the factory's fix
    "factory_imports_a_class_body": ("""\
Traceback (most recent call last):
  File "/home/you/blog/run.py", line 3, in <module>
    app = create_app()
  File "/home/you/blog/blog/__init__.py", line 14, in create_app
    from blog.posts.views import PostList
  File "/home/you/blog/blog/posts/views.py", line 6, in <module>
    class PostList(MethodView):
  File "/home/you/blog/blog/posts/views.py", line 7, in PostList
    per_page = page_size()
  File "/home/you/blog/blog/posts/views.py", line 4, in page_size
    return current_app.config["PER_PAGE"]
""" + APP_ERROR, "fix-import-time.html#decorator-arguments-and-class-bodies"),
    # a test class whose body calls the factory, which fails in its own code: the factory's fix
    "class_body_calls_the_factory": (f"""\
Traceback (most recent call last):
  File "/home/you/blog/tests/test_posts.py", line 5, in <module>
    class PostsTest(unittest.TestCase):
  File "/home/you/blog/tests/test_posts.py", line 6, in PostsTest
    app = create_app()
  File "/home/you/blog/blog/__init__.py", line 20, in create_app
    db.create_all()
  File "{VENV}/flask_sqlalchemy/extension.py", line 900, in create_all
    self._call_for_binds(bind_key, "create_all")
  File "{VENV}/flask_sqlalchemy/extension.py", line 871, in _call_for_binds
    engine = self.engines[key]
  File "{VENV}/flask_sqlalchemy/extension.py", line 687, in engines
    app = current_app._get_current_object()  # type: ignore[attr-defined]
""" + APP_ERROR, "fix-app-factory.html#the-fix"),
    # pytest-alembic's report of its built-in tests, which shows no frame
    "pytest_alembic_report": ("""\
___ [pytest-alembic] tests::pytest_alembic::test_upgrade ___
Alembic Error:
    Working outside of application context.

    This typically means that you attempted to use functionality that needed
    to interface with the current application object in some way. To solve
    this, set up an application context with app.app_context().  See the
    documentation for more information.

Errors:
E   pytest_alembic.plugin.error.AlembicTestFailure: Failed to upgrade to the head revision.
=========================== short test summary info ============================
FAILED tests::pytest_alembic::test_upgrade
""", "fix-migrations.html#running-the-migrations-from-tests"),
    # pytest-alembic runs the migrations' env.py from a test
    "pytest_alembic": (f"""\
{VENV}/pytest_alembic/runner.py:158: in current
    return self.command_executor.execute_fn(get_current)
{VENV}/alembic/script/base.py:550: in run_env
    util.load_python_file(self.dir, "env.py")
migrations/env.py:39: in <module>
    config.set_main_option("sqlalchemy.url", get_engine_url())
migrations/env.py:21: in get_engine
    return current_app.extensions["migrate"].db.engine
{VENV}/werkzeug/local.py:318: in __get__
    obj = instance._get_current_object()
E           RuntimeError: Working outside of application context.

{VENV}/werkzeug/local.py:519: RuntimeError
""", "fix-migrations.html#running-the-migrations-from-tests"),
    # eventlet.monkey_patch() after Flask's import: eventlet's patcher reads the proxies
    "eventlet_patching_late": (f"""\
Traceback (most recent call last):
  File "/home/you/project/run.py", line 11, in <module>
    eventlet.monkey_patch()
  File "{VENV}/eventlet/patcher.py", line 278, in monkey_patch
    _green_existing_locks()
  File "{VENV}/eventlet/patcher.py", line 464, in _upgrade_instances
    container_vars = vars(container)
  File "{VENV}/werkzeug/local.py", line 318, in __get__
    obj = instance._get_current_object()
""" + APP_ERROR, "fix-gevent-socketio.html#eventlet"),
    # a script that creates a model whose own __init__ reads the app (through a library), with
    # SQLAlchemy 2's generated constructor between them: the script's fix, not a callback's
    "model_constructor_in_a_script": (f"""\
Traceback (most recent call last):
  File "/home/you/project/seed.py", line 3, in <module>
    user = User("ada@example.org", "correct horse")
  File "<sqlalchemy generated __init__ for class models.User>", line 4, in __init__
  File "{VENV}/sqlalchemy/orm/state.py", line 595, in _initialize_instance
    manager.original_init(*mixed[1:], **kwargs)
  File "/home/you/project/models.py", line 17, in __init__
    super().__init__(email=email, password=hash_password(password))
  File "{VENV}/nobody_names_it/utils.py", line 909, in hash_password
    if key not in app.config:
  File "{VENV}/werkzeug/local.py", line 318, in __get__
    obj = instance._get_current_object()
""" + APP_ERROR, "fix-script.html#the-fix"),
    # another WSGI server given current_app: its own frames, then the proxy's
    "waitress_given_a_proxy": (f"""\
ERROR:waitress:Exception while serving /users
Traceback (most recent call last):
  File "{VENV}/waitress/channel.py", line 430, in service
    task.service()
  File "{VENV}/waitress/task.py", line 167, in service
    self.execute()
  File "{VENV}/waitress/task.py", line 435, in execute
    app_iter = self.channel.server.application(environ, start_response)
  File "{VENV}/werkzeug/local.py", line 318, in __get__
    obj = instance._get_current_object()
""" + APP_ERROR, SERVER_GIVEN_A_PROXY),
    # a class body at import that calls a function reading the request
    "request_in_a_class_body": (f"""\
Traceback (most recent call last):
  File "/home/you/project/run.py", line 3, in <module>
    from shop import views
  File "/home/you/project/shop/views.py", line 12, in <module>
    class ItemView(ModelView):
  File "/home/you/project/shop/views.py", line 16, in ItemView
    base_filters = [["site", FilterEqual, site_id()]]
  File "/home/you/project/shop/views.py", line 8, in site_id
    return request.args.get("site")
  File "{VENV}/werkzeug/local.py", line 519, in _get_current_object
    raise RuntimeError(unbound_message) from None
RuntimeError: Working outside of request context.
""", DECORATOR_OR_CLASS),
    # a line at the top of a module that create_app() imports: import time, not the factory
    "imported_by_the_factory": (f"""\
Traceback (most recent call last):
  File "/home/you/project/wsgi.py", line 3, in <module>
    app = create_app()
  File "/home/you/project/shop/__init__.py", line 9, in create_app
    from shop.views import catalog
  File "/home/you/project/shop/views.py", line 21, in <module>
    docs.register(view=list_products)
  File "{VENV}/nobody_names_it/core.py", line 80, in register
    rules = app.url_map
""" + APP_ERROR, "fix-import-time.html#the-fix"),
    # a listener registered at import on a session of one context
    "listener_at_import": (f"""\
Traceback (most recent call last):
  File "/home/you/project/shop/models.py", line 12, in <module>
    @event.listens_for(db.session, "after_commit")
  File "{VENV}/nobody_names_it/flask.py", line 40, in session
    if not hasattr(g, "session"):
""" + APP_ERROR, "fix-import-time.html#a-listener-register-it-on-what-every-context-shares"),
    # a library's handler runner, its thread's frames left out of the log line
    "handler_runner": (f"""\
ERROR Failed to run listener function
Traceback (most recent call last):
  File "{VENV}/nobody_names_it/runner.py", line 120, in run_handler
    handler(event)
  File "/home/you/project/bot.py", line 42, in on_event
    db.session.add(Event(name=event["name"]))
""" + APP_ERROR, CALLBACK),
    # joblib's loky executor, which has a remote traceback of its own
    "loky": (f"""\
loky.process_executor._RemoteTraceback:
\"\"\"
Traceback (most recent call last):
  File "{VENV}/loky/process_executor.py", line 305, in __call__
    return self.fn(*self.args, **self.kwargs)
  File "/home/you/project/images.py", line 6, in resize
    size = current_app.config["THUMBNAIL_SIZE"]
""" + APP_ERROR + '\"\"\"\n', "fix-processes.html#processpoolexecutor-and-multiprocessing-pool"),
    # a unittest.TestCase that pytest runs: pytest's report names it by testMethod=
    "testcase_under_pytest": (f"""\
=================================== FAILURES ===================================
_________________________ ShopTestCase.test_products __________________________

self = <test_shop.ShopTestCase testMethod=test_products>

    def setUp(self):
>       db.create_all()

test_shop.py:9:
_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _
{VENV}/flask_sqlalchemy/extension.py:687: in engines
    app = current_app._get_current_object()
E   RuntimeError: Working outside of application context.

{VENV}/werkzeug/local.py:519: RuntimeError
""", "fix-unittest.html#the-fix"),
}


@pytest.mark.parametrize("language", ["en", "vi"])
def test_packages_vendored_in_a_lib_folder_are_not_the_readers(paste, language):
    """`pip install -t lib` (Google App Engine's standard environment): Flask's and the
    extension's frames there are not the reader's, whose own line the finder shows. (Only
    site-packages counts as another project's package for `library_reads`: the factory's fix.)"""
    vendored = UNNAMED["extension_init_app"][0].replace(VENV, "/home/you/project/lib")
    vendored = vendored.replace("/flask_keycard/core.py", "/flask_keycard.py")  # a single module
    result = paste(language, vendored)
    assert result.locator("code").first.inner_text() == "__init__.py:21"  # the reader's line
    assert links(result) == ["fix-app-factory.html#the-fix"]


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("shape", sorted(UNNAMED))
def test_a_library_nobody_names_is_routed_by_where_the_line_runs(paste, shape, language):
    text, link = UNNAMED[shape]
    result = paste(language, text)
    assert links(result) == ([link] if link else [])  # None: cannot tell


# A script whose line reads what a before_request function puts on `g` (round 13), and a call of
# Flask-SocketIO's that reads the request but is none of its emit() and room functions.
SCRIPT_READING_G = f"""\
Traceback (most recent call last):
  File "/home/you/project/server.py", line 96, in <module>
    print(all_users())
          ^^^^^^^^^^^
  File "/home/you/project/server.py", line 86, in all_users
    cursor = g.conn.execute(text("SELECT UserID, DisplayName FROM People"))
             ^^^^^^
  File "{VENV}/werkzeug/local.py", line 318, in __get__
    obj = instance._get_current_object()
""" + APP_ERROR
SOCKETIO_STOP = f"""\
Traceback (most recent call last):
  File "/home/you/addon/__init__.py", line 174, in unregister
    socketio.stop()
  File "{VENV}/flask_socketio/__init__.py", line 748, in stop
    func = flask.request.environ.get('werkzeug.server.shutdown')
  File "{VENV}/werkzeug/local.py", line 318, in __get__
    obj = instance._get_current_object()
  File "{VENV}/werkzeug/local.py", line 519, in _get_current_object
    raise RuntimeError(unbound_message) from None
RuntimeError: Working outside of request context.
"""


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("text, link", [
    (SCRIPT_READING_G, "fix-script.html#what-a-before-request-function-puts-on-g"),
    (SOCKETIO_STOP, NEEDS_REQUEST),
])
def test_what_the_readers_line_reads_or_calls_picks_the_section(paste, text, link, language):
    assert links(paste(language, text)) == [link]


# IPython's and Jupyter's tracebacks, as IPython 9.18, 8.4 and 7.34 print them (shortened where
# they show a library's source): a cell that needs a context, and a module a cell imports.
IPYTHON_LIBRARY_FRAMES = f"""\
File {VENV}/flask_sqlalchemy/extension.py:687, in SQLAlchemy.engines(self)
    686     \"""
--> 687     app = current_app._get_current_object()  # type: ignore[attr-defined]
    689     if app not in self._app_engines:

File {VENV}/werkzeug/local.py:519, in LocalProxy.__init__.<locals>._get_current_object()
    518 except LookupError:
--> 519     raise RuntimeError(unbound_message) from None
    521 return get_name(obj)

RuntimeError: Working outside of application context.
"""
IPYTHON_HEADER = """\
---------------------------------------------------------------------------
RuntimeError                              Traceback (most recent call last)
"""
IPYTHON = {
    "cell_9": (IPYTHON_HEADER + """\
Cell In[1], line 3
      1 from models import db, create_app
      2 app = create_app()
----> 3 db.create_all()

""" + IPYTHON_LIBRARY_FRAMES, "Cell In[1]:3", "db.create_all()", PROMPT),
    "cell_8_4": (IPYTHON_HEADER + """\
Input In [1], in <cell line: 0>()
      1 from models import db, create_app
      2 app = create_app()
----> 3 db.create_all()

""" + IPYTHON_LIBRARY_FRAMES, "Input In [1]:3", "db.create_all()", PROMPT),
    "cell_7": (IPYTHON_HEADER + f"""\
<ipython-input-1-b667c53c5582> in <cell line: 3>()
      1 from models import db, create_app
      2 app = create_app()
----> 3 db.create_all()

{VENV}/flask_sqlalchemy/__init__.py in get_app(self, reference_app)
   1041
-> 1042         raise RuntimeError(
   1043             'No application found. Either work inside a view function or push'

RuntimeError: No application found. Either work inside a view function or push an application context. \
See http://flask-sqlalchemy.pocoo.org/contexts/.
""", "<ipython-input-1-b667c53c5582>:3", "db.create_all()", PROMPT),
    "import_9": (IPYTHON_HEADER + f"""\
Cell In[1], line 1
----> 1 import helper

File /home/you/project/helper.py:4
      2 def setting():
      3     return current_app.config["DEBUG"]
----> 4 print(setting())

File /home/you/project/helper.py:3, in setting()
      2 def setting():
----> 3     return current_app.config["DEBUG"]

File {VENV}/werkzeug/local.py:519, in LocalProxy.__init__.<locals>._get_current_object()
--> 519     raise RuntimeError(unbound_message) from None

RuntimeError: Working outside of application context.
""", "helper.py:3", 'return current_app.config["DEBUG"]', "fix-import-time.html#the-fix"),
}


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("shape", sorted(IPYTHON))
def test_ipython_and_jupyter_tracebacks_are_read_by_their_frames(paste, shape, language):
    text, line, code, link = IPYTHON[shape]
    result = paste(language, text)
    assert links(result) == [link]
    assert [c.inner_text() for c in result.locator("code").all()[:2]] == [line, code]


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("shape, line", [("zappa_task", "tasks.py:8"),
                                         ("zappa_queue_handler_slim", "queue.py:31"),
                                         ("lambda_handler_on_the_runtime", "guests.py:10")])
def test_on_lambda_the_packages_beside_the_code_are_not_the_readers(paste, shape, line, language):
    """A deployment puts Flask, Werkzeug and Zappa in /var/task, beside the reader's modules:
    the line shown is the reader's last, not Flask's."""
    result = paste(language, UNNAMED[shape][0])
    assert result.locator("code").nth(0).inner_text().startswith(line)


# An error reporter's event that prints each module's path from its package
SENTRY_EVENT = """\
RuntimeError: Working outside of request context.
  File "jobs/report.py", line 12, in send_report
    summary = cached_summary()
  File "flask_caching/__init__.py", line 335, in decorated_function
    cache_key = _make_cache_key(args, kwargs, use_request=True)
  File "flask_caching/__init__.py", line 377, in _make_cache_key
    cache_key = key_prefix % request.path
  File "werkzeug/local.py", line 338, in __getattr__
    return getattr(self._get_current_object(), name)
  File "flask/globals.py", line 37, in _lookup_req_object
    raise RuntimeError(_request_ctx_err_msg)
"""


@pytest.mark.parametrize("language", ["en", "vi"])
def test_packages_on_a_relative_path_are_not_the_readers(paste, language):
    result = paste(language, SENTRY_EVENT)
    assert links(result) == [
        "fix-shared-code.html#flask-caching-cache-cached-outside-a-request"]
    assert result.locator("code").nth(0).inner_text() == "report.py:12"


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


def logged_by_the_thread(recording="thread.txt", function="save_user", log="ERROR:jobs:saving failed"):
    """The thread's recording as the reader's own code prints it when its function catches the
    error (logging's exception(), traceback.print_exc()): the traceback starts in that function."""
    text = (TRACEBACKS / recording).read_text(encoding="utf-8")
    start = re.search(rf'^  File "[^"]*", line \d+, in {function}$', text, flags=re.MULTILINE).start()
    return f"{log}\nTraceback (most recent call last):\n{text[start:]}"


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_traceback_the_readers_own_function_logged_leads_to_the_threads_fix(paste, language):
    """No frame says who started the function: it is a long-running function of the reader's
    (a thread's target, a worker's or an event loop's), which Flask never called."""
    text = logged_by_the_thread()
    result = paste(language, text)
    assert links(result) == ["fix-threads.html#the-fix"]
    assert result.locator("code").nth(0).inner_text() == shown_line(text, "threads_jobs.py")


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_test_whose_traceback_starts_in_the_test_is_not_sent_to_the_threads_fix(paste, language):
    """unittest, and pytest's --tb=native, start a test's traceback in the test itself."""
    text = logged_by_the_thread(log="").replace("in save_user", "in test_save_user")
    result = paste(language, text)
    assert "fix-threads.html#the-fix" not in links(result)


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_paste_cut_inside_the_errors_line_is_read_as_that_error(paste, language):
    text = (TRACEBACKS / "script.txt").read_text(encoding="utf-8")
    error = reading(text)["error"][0]
    cut = text[:text.index(error) + len("RuntimeError: Working outside of applicat")]
    result = paste(language, cut)
    link, snippet = RECORDED["script"]
    assert links(result) == [link]
    assert result.locator("code").nth(0).inner_text() == shown_line(text, snippet)
    assert result.locator("code").last.inner_text() == "RuntimeError: Working outside of applicat"  # as pasted


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_paste_cut_before_the_error_is_one_kind_says_it_cannot_tell(paste, language):
    """"Working outside of " starts the application context's error and the request's alike."""
    text = (TRACEBACKS / "script.txt").read_text(encoding="utf-8")
    cut = text[:text.index(reading(text)["error"][0]) + len("RuntimeError: Working outside of ")]
    result = paste(language, cut)
    assert result.locator("a").count() == 0
    assert result.inner_text() == result.page.locator(".finder-unknown").inner_text()


# A server the guide never names calls the reader's view-like function, which calls another of
# the reader's functions: nothing says where that code runs.
UNPLACED = """Traceback (most recent call last):
  File "/srv/app/.venv/lib/python3.11/site-packages/nobody_names_it/server.py", line 88, in handle
    reply = handler(message)
  File "/srv/app/handlers.py", line 14, in on_message
    return summary(message)
  File "/srv/app/reports.py", line 7, in summary
    limit = current_app.config["REPORT_LIMIT"]
  File "/srv/app/.venv/lib/python3.11/site-packages/werkzeug/local.py", line 318, in __get__
    obj = instance._get_current_object()
  File "/srv/app/.venv/lib/python3.11/site-packages/werkzeug/local.py", line 519, in _get_current_object
    raise RuntimeError(unbound_message) from None
RuntimeError: Working outside of application context.
"""


@pytest.mark.parametrize("language", ["en", "vi"])
def test_when_it_cannot_tell_it_still_shows_the_line_and_the_error(paste, language):
    """For the table below it: the reader's line, and the error as the paste states it."""
    result = paste(language, UNPLACED)
    assert result.locator("a").count() == 0
    paragraphs = result.locator("p").all_inner_texts()
    assert paragraphs[0] == result.page.locator(".finder-unknown").inner_text()
    assert [c.inner_text() for c in result.locator("code").all()] == [
        "reports.py:7", 'limit = current_app.config["REPORT_LIMIT"]',
        "RuntimeError: Working outside of application context."]


# pytest's report of a test decorated with @mock.patch("flask.g"), as a reader pasted it: the
# frames of mock.py left out, Flask 2.0's own frame, the summary.
MOCK_DECORATOR_REPORT = """name = 'g'

    def _lookup_app_object(name):
        top = _app_ctx_stack.top
        if top is None:
>           raise RuntimeError(_app_ctx_err_msg)
E           RuntimeError: Working outside of application context.

venv/lib/python3.11/site-packages/flask/globals.py:45: RuntimeError
=========================== short test summary info ============================
FAILED test_prices.py::test_price - RuntimeError: Working outside of application context.
"""


# One test's report copied from pytest's output on Windows, without its banners (round 13).
PYTEST_REPORT_ALONE = """\
__________ test_error_response_format __________
tests\\test_app.py:12: in test_error_response_format
    response, status = error_response("not found", 404)
app.py:38: in error_response
    return jsonify(body), status
           ^^^^^^^^^^^^^
..\\venv\\Lib\\site-packages\\flask\\json\\__init__.py:170: in jsonify
    return current_app.json.response(*args, **kwargs)  # type: ignore[return-value]
           ^^^^^^^^^^^^^^^^
..\\venv\\Lib\\site-packages\\werkzeug\\local.py:519: in _get_current_object
    raise RuntimeError(unbound_message) from None
E   RuntimeError: Working outside of application context.
E
E   This typically means that you attempted to use functionality that needed
E   the current application. To solve this, set up an application context
E   with app.app_context(). See the documentation for more information.
"""


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("text, link", [
    (MOCK_DECORATOR_REPORT, "fix-pytest.html#mock-patch-on-current-app-g-or-request"),
    ("FAILED tests/test_users.py::test_add - RuntimeError: Working outside of application context.\n",
     "fix-pytest.html#the-fix"),
    (PYTEST_REPORT_ALONE, "fix-pytest.html#the-fix"),
], ids=["report-with-no-line-of-the-test", "summary-line-alone", "one-test-without-banners"])
def test_a_pytest_report_is_read_by_what_it_shows_of_the_test(paste, text, link, language):
    """No frame of the test: it failed before its body ran (a decorator). Its summary line alone:
    a test. One test's report without pytest's banners: its "E" lines and a line of the reader's."""
    result = paste(language, text)
    assert links(result) == [link]


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_request_error_alone_says_it_cannot_tell(paste, language):
    """The error's line alone does not say whose code reads the request (an application the
    reader runs but did not write sends it too): like the application context's, cannot tell."""
    result = paste(language, "RuntimeError: Working outside of request context.\n")
    assert result.locator("a").count() == 0
    assert result.locator("code").all_inner_texts() == ["RuntimeError: Working outside of request context."]


def test_the_pasted_text_is_shown_as_text_never_as_markup(paste):
    script = (TRACEBACKS / "script.txt").read_text(encoding="utf-8")
    hostile = script.replace("print(db.session", "print('<img src=x onerror=alert(1)>', db.session")
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


# What the finder's old frame pattern, "(.+?)\s*$", tried once for each character of a run of
# spaces (200,000 spaces took 28.6 s), and pastes of 5 MB (one froze the tab for 10 s: the
# browser alone takes seconds to lay out megabytes in a text box, so the finder keeps the last
# 100,000 characters of a longer paste, as the page says).
SCRIPT = (TRACEBACKS / "script.txt").read_text(encoding="utf-8")
LARGE_PASTES = {
    "spaces inside a frame line": '  File "/app/a.py", line 1, in ' + " " * 90_000 + "x\n" + SCRIPT,
    "spaces after a frame line": '  File "/app/a.py", line 1, in f' + " " * 90_000 + "\n" + SCRIPT,
    "5 MB of tracebacks": SCRIPT * (5_000_000 // len(SCRIPT)),
    "one line of 5 MB": "x" * 5_000_000 + "\n" + SCRIPT,
    "5 MB of frame lines": '  File "/app/a.py", line 1, in f\n' * (5_000_000 // 34) + SCRIPT,
    # within the 100,000 characters kept, so that the paste reads as IPython's
    "IPython's frame lines, one after another": "RuntimeError   Traceback (most recent call last)\n"
    + "File a:1\n" * (90_000 // 9) + SCRIPT,
}


# An ordinary paste as long as the finder keeps: what a large or hostile one is measured against.
ORDINARY = '  File "/app/a.py", line 1, in f\n    f()\n' * (100_000 // 42) + SCRIPT
READ = """async (text) => {
    const input = document.querySelector("#traceback-finder-input");
    const result = document.querySelector(".finder-result");
    result.replaceChildren();
    const shown = new Promise((resolve) => new MutationObserver((changes, observer) => {
        observer.disconnect();
        resolve(performance.now());
    }).observe(result, { childList: true }));
    const clipboard = new DataTransfer();
    clipboard.setData("text/plain", text);
    const start = performance.now();
    const paste = new ClipboardEvent("paste", { clipboardData: clipboard, bubbles: true, cancelable: true });
    if (input.dispatchEvent(paste)) {  // not taken by the finder: the browser would insert it
        input.value = text;
        input.dispatchEvent(new Event("input"));
    }
    // the finder reads 300 ms after the last keystroke
    return [(await shown) - start - 300, input.value.length];
}"""


@pytest.mark.parametrize("name", sorted(LARGE_PASTES))
def test_any_paste_is_read_in_well_under_a_second(browser, served, name):
    """From the paste to the answer, the browser's own work included: under a second on 5 MB, as
    an ordinary paste of the length the finder keeps is; on a machine too busy for that, at most
    ten times that ordinary paste, read on the same page just before (the quadratic pattern
    took a hundred times longer, and more)."""
    page = browser.new_page()
    try:
        page.goto(f"{served}/en/find-your-fix.html")
        ordinary, _ = page.evaluate(READ, ORDINARY)
        elapsed, kept = page.evaluate(READ, LARGE_PASTES[name])
        assert elapsed < max(1000, 10 * ordinary), f"{name}: {elapsed:.0f} ms (an ordinary paste: {ordinary:.0f} ms)"
        assert kept <= 100_000 or len(LARGE_PASTES[name]) <= 100_000
        assert page.locator(".finder-result a").count() == 1  # the script's traceback, found at the end
    finally:
        page.close()
