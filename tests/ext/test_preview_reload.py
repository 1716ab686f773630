"""ext/preview_reload.py: a preview build's policy lets sphinx-autobuild's reload script run
(its hash, its WebSocket), and only a preview build's."""

import base64
import hashlib
import re

from sphinx_autobuild.middleware import web_socket_script

CONF = """\
extensions = ['myst_parser', 'ext.hosting', 'ext.preview_reload']
html_theme = 'furo'
"""
FILES = {"index.md": "# Title\n\nText.\n"}


def policy(page):
    content = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)[1]
    return dict(part.strip().split(" ", 1) for part in content.split(";"))


def test_only_a_preview_allows_the_reload_script(project):
    published = policy(project(CONF, FILES)()[2]["index.html"])
    preview = policy(project(CONF + "guide_preview = '127.0.0.1:8123'\n", FILES)()[2]["index.html"])
    code = re.search(r"<script>(.*?)</script>", web_socket_script("127.0.0.1:8123"), re.DOTALL)[1]
    reload_hash = "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"
    assert reload_hash not in published["script-src"] and published["connect-src"] == "'self'"
    assert set(preview["script-src"].split()) == {*published["script-src"].split(), reload_hash}
    assert preview["connect-src"] == "'self' ws://127.0.0.1:8123"
    assert {k: v for k, v in preview.items() if k not in ("script-src", "connect-src")} == {
        k: v for k, v in published.items() if k not in ("script-src", "connect-src")}
