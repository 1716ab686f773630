"""ext/hosting.py: every page carries a Content-Security-Policy that allows the theme's one
inline script by its hash and no other, and a referrer policy."""

import base64
import hashlib
import re

CONF = """\
extensions = ['myst_parser', 'ext.hosting']
html_theme = 'furo'
"""
FILES = {"index.md": "---\nmyst:\n  html_meta:\n    description: A page.\n---\n# Title\n\nText.\n"}


def csp(page):
    return re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)[1]


def test_the_policy_allows_exactly_the_inline_scripts_of_the_page(project):
    app, warnings, pages = project(CONF, FILES)()
    assert warnings == ""
    page = pages["index.html"]
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in scripts}
    policy = dict(part.strip().split(" ", 1) for part in csp(page).split(";"))
    assert scripts and set(policy["script-src"].split()) == {"'self'", *hashes}
    assert policy["default-src"] == "'none'" and policy["object-src"] == "'none'" and policy["base-uri"] == "'none'"
    assert page.index("Content-Security-Policy") < page.index("<script")  # before anything runs
    assert '<meta name="referrer" content="strict-origin-when-cross-origin">' in page
    assert page.count('name="viewport"') == 1
