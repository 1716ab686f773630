"""Code shared by requests and jobs: a logging formatter, Flask-Caching's cached and memoize,
a Flask-Babel locale selector, each guarded with has_request_context()."""

import io

import pytest

from harness.flask_lines import REQUEST_CONTEXT_ERROR, REQUEST_ERROR_IN_APP_CONTEXT
from harness.output import assert_shows
from harness.recordings import assert_recorded


def test_formatter_reading_request_prints_a_logging_error_and_the_job_goes_on(reader, snippet):
    result = reader.python("fix-shared-code/shared_logging_broken.py")
    assert result.returncode == 0
    assert result.stdout == "reports sent\n"
    assert result.stderr.startswith("--- Logging error ---\n")
    assert_recorded("logging", result.stderr)
    excerpt = snippet("fix-shared-code/shared_logging_error.txt").read_text(encoding="utf-8")
    assert_shows(excerpt, result.stderr)
    assert "INFO sending reports" not in result.stderr  # the message itself is lost


def test_guarded_formatter_logs_in_jobs(reader):
    result = reader.python("fix-shared-code/shared_logging_fixed.py")
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("reports sent\n", "- INFO sending reports\n")


@pytest.mark.parametrize("module", ["shared_logging_broken", "shared_logging_fixed"])
def test_both_formatters_log_the_url_in_a_request(module):
    logs = __import__(module)
    stream = io.StringIO()
    logs.handler.setStream(stream)
    assert logs.app.test_client().get("/orders").data == b"orders"
    assert stream.getvalue() == "http://localhost/orders INFO orders listed\n"


def test_cached_helper_outside_a_request_logs_and_never_caches(reader, snippet):
    result = reader.python("fix-shared-code/shared_cache_broken.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "querying top products\n" * 2
    excerpt = snippet("fix-shared-code/shared_cache_error.txt").read_text(encoding="utf-8")
    # the page shows Flask 2.0 to 3.1's words; from 3.2 an app context without a request says so
    excerpt = excerpt.replace(REQUEST_CONTEXT_ERROR, REQUEST_ERROR_IN_APP_CONTEXT)
    assert result.stderr.count(excerpt.splitlines()[0]) == 2
    assert_shows(excerpt, result.stderr)


def test_memoized_helper_is_cached_in_jobs(reader):
    result = reader.python("fix-shared-code/shared_cache_fixed.py")
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("querying top products\n", "")


def test_cached_helper_in_a_request_is_cached(capsys, caplog):
    import shared_cache_broken

    client = shared_cache_broken.create_app().test_client()
    assert client.get("/top").json == client.get("/top").json == {"products": ["tea", "coffee"]}
    assert capsys.readouterr().out == "querying top products\n"
    assert caplog.records == []


def test_memoized_helper_is_shared_by_requests_and_jobs(capsys):
    import shared_cache_fixed

    app = shared_cache_fixed.create_app()
    shared_cache_fixed.warm_cache(app)
    assert app.test_client().get("/top").json == {"products": ["tea", "coffee"]}
    assert capsys.readouterr().out == "querying top products\n"


def test_cached_helper_in_debug_mode_raises():
    import shared_cache_broken

    app = shared_cache_broken.create_app()
    app.debug = True
    with pytest.raises(RuntimeError) as raised:
        shared_cache_broken.warm_cache(app)
    assert f"RuntimeError: {raised.value}".splitlines()[0] == REQUEST_ERROR_IN_APP_CONTEXT


def test_locale_selector_reading_request_fails_in_a_job(reader):
    result = reader.python("fix-shared-code/shared_babel_broken.py")
    assert result.returncode == 1
    assert REQUEST_ERROR_IN_APP_CONTEXT in result.stderr.splitlines()
    assert "in select_locale" in result.stderr
    assert_recorded("shared_babel", result.stderr)


def test_guarded_selector_works_in_a_job(reader):
    result = reader.python("fix-shared-code/shared_babel_fixed.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Welcome\nWelcome\n"  # no catalogs next to the script


@pytest.mark.parametrize("module", ["shared_babel_broken", "shared_babel_fixed"])
def test_both_selectors_translate_requests(module, translations):
    app = __import__(module).create_app(translations)
    client = app.test_client()
    assert client.get("/", headers={"Accept-Language": "vi"}).get_data(as_text=True) == "Chào mừng"
    assert client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True) == "Welcome"


def test_a_job_translates_with_the_default_or_a_forced_locale(translations):
    import shared_babel_fixed

    app = shared_babel_fixed.create_app({**translations, "BABEL_DEFAULT_LOCALE": "vi"})
    assert shared_babel_fixed.reminder_subject(app) == "Chào mừng"
    app = shared_babel_fixed.create_app(translations)
    assert shared_babel_fixed.reminder_subject(app) == "Welcome"
    assert shared_babel_fixed.reminder_subject_in(app, "vi") == "Chào mừng"


def test_a_filter_reading_request_raises_in_the_code_that_logged():
    """A handler catches errors in formatting (--- Logging error ---), not in its filters."""
    import logging

    from flask import request

    class PathFilter(logging.Filter):
        def filter(self, record):
            return request.path.startswith("/")

    handler = logging.StreamHandler(io.StringIO())
    handler.addFilter(PathFilter())
    record = logging.LogRecord("jobs", logging.INFO, __file__, 1, "sending reports", None, None)
    with pytest.raises(RuntimeError) as raised:
        handler.handle(record)  # what every logging call does for each of its handlers
    assert f"RuntimeError: {raised.value}".splitlines()[0] == REQUEST_CONTEXT_ERROR


def test_cached_with_a_fixed_key_prefix_works_outside_a_request(capsys, caplog):
    from flask import Flask
    from flask_caching import Cache

    app = Flask(__name__)
    cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})

    @cache.cached(timeout=300, key_prefix="top_products")
    def top_products():
        print("querying top products")
        return ["tea", "coffee"]

    with app.app_context():
        assert top_products() == top_products() == ["tea", "coffee"]
    assert capsys.readouterr().out == "querying top products\n"
    assert caplog.records == []
