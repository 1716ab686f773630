"""The preview (`nox -s serve`: tools/site.py's serve, sphinx-autobuild) reloads the open page
by itself when a page or a catalog entry is saved, in both languages, its reload script allowed
by the preview's policy alone (ext/preview_reload.py)."""

import os
import signal
import subprocess
import sys
import time
import urllib.request

import polib
import pytest

from harness.servers import free_port

pytestmark = pytest.mark.site


def save_paragraph(root):
    path = root / "docs/error.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("The message\nitself is generic", "The message\nitself is quite generic"),
                    encoding="utf-8")
    return "The message itself is quite generic"


def save_msgstr(root):
    path = root / "locale/vi/LC_MESSAGES/error.po"
    catalog = polib.pofile(str(path), wrapwidth=79)
    catalog.find("The message").msgstr = "Nội dung thông báo lỗi"
    catalog.save(str(path))
    return "Nội dung thông báo lỗi"


SAVES = {"en": save_paragraph, "vi": save_msgstr}


def wait_for(url, server, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "the preview stopped"
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(url)


@pytest.mark.parametrize("language", SAVES)
def test_the_preview_reloads_the_page_by_itself_after_a_save(browser, tmp_path, project_copy, language):
    root = project_copy(tmp_path / "project")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "tools.site", "serve", language, "--port", str(port)],
                              cwd=root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    context = browser.new_context()
    try:
        url = f"http://127.0.0.1:{port}/error.html"
        wait_for(url, server, 600)  # the first build
        page = context.new_page()
        problems = []
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(url)
        page.wait_for_function("() => typeof ws !== 'undefined' && ws.readyState === WebSocket.OPEN")
        page.evaluate("window.before = true")  # gone once the page has reloaded itself

        saved = SAVES[language](root)
        start = time.monotonic()
        page.wait_for_function(f"() => document.body.innerText.includes({saved!r})", timeout=120_000)
        print(f"{language}: on screen {time.monotonic() - start:.2f} s after the save")
        assert page.evaluate("window.before") is None  # a new page, loaded without the test's help
        assert problems == []  # no reload script refused by the policy, nothing else
    finally:
        context.close()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
