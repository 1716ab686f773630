"""ext/traceback_finder.py: the finder's words come from the page (so its catalog translates
them), its rules from a data file, and the two must name the same fixes."""

import json
import re

from ext.traceback_finder import SCRIPT, SITUATION
from harness.catalogs import po_text as catalog
from harness.project import ROOT

CONF = """\
extensions = ['myst_parser', 'ext.traceback_finder']
myst_heading_anchors = 2
locale_dirs = ['locale']
"""
RULES = """\
[reading]
frame = '^File "([^"]+)", line (\\d+), in (.+)$'
pytest_frame = '^(\\S+\\.py):(\\d+):'
library = ['/site-packages/']
on_behalf = []
generated = '^<string>$'
not_flask = []
ipython_header = 'Traceback \\(most recent call last\\)$'
ipython_frame = ['^File (?<path>.+?):(?<line>\\d+)$']
ipython_arrow = '^-+> ?(\\d+) ?(.*)$'

[[error]]
kind = "app"
texts = ["Working outside of application context."]

[[situation]]
frames = ["/threading.py"]
link = "other.md#a-section"
"""
FINDER = """\
# Finder

```{traceback-finder} rules.toml
Paste it

Situation:

Line:

Error:

Cannot tell.

- [Threads](other.md#a-section)
```
"""
OTHER = "# Other\n\n## A section\n\nText.\n"


def test_the_finder_is_a_labelled_box_with_its_rules_and_words(project):
    files = {"index.md": FINDER + "\n```{toctree}\nother\n```\n", "other.md": OTHER, "rules.toml": RULES,
             "locale/vi/LC_MESSAGES/index.po": catalog({"Paste it": "Dán vào", "Cannot tell.": "Không rõ."})}
    build = project(CONF, files)
    app, warnings, pages = build("en")
    assert warnings == ""
    page = pages["index.html"]
    assert '<label class="finder-label" for="traceback-finder-input">Paste it</label>' in page
    assert '<textarea id="traceback-finder-input"' in page
    assert '<div class="finder-result" aria-live="polite"></div>' in page
    rules = json.loads(re.search(r'data-rules="([^"]*)"', page)[1].replace("&quot;", '"'))
    assert rules["situation"] == [{"frames": ["/threading.py"], "link": "other.md#a-section", "fix": 0}]
    assert rules["reading"]["library"] == ["/site-packages/"]
    assert '<a class="reference internal" href="other.html#a-section">' in page
    assert "traceback-finder.js" in page and "traceback-finder.js" not in pages["other.html"]
    app, warnings, pages = build("vi")
    assert ">Dán vào</label>" in pages["index.html"] and "Không rõ." in pages["index.html"]


def test_a_rule_whose_fix_the_page_does_not_link_fails(project):
    files = {"index.md": FINDER.replace("(other.md#a-section)", "(other.md)"), "other.md": OTHER, "rules.toml": RULES}
    app, warnings, pages = project(CONF, files)("en")
    assert "index.md:3: ERROR: traceback-finder: other.md#a-section (in rules.toml) is not among the links" in warnings


def test_a_link_no_rule_sends_to_fails(project):
    files = {"index.md": FINDER.replace("- [Threads]", "- [Other](other.md)\n- [Threads]"), "other.md": OTHER,
             "rules.toml": RULES}
    app, warnings, pages = project(CONF, files)("en")
    assert "index.md:3: ERROR: traceback-finder: no rule of rules.toml sends a reader to other.md" in warnings


def test_rules_without_a_table_the_script_reads_fail(project):
    without_reading = "[[error]]" + RULES.partition("[[error]]")[2]
    files = {"index.md": FINDER, "other.md": OTHER, "rules.toml": without_reading}
    app, warnings, pages = project(CONF, files)("en")
    assert "index.md:3: ERROR: traceback-finder: rules.toml has no reading: the page's script needs it" in warnings


def test_a_reading_without_a_pattern_the_script_reads_fails(project):
    files = {"index.md": FINDER, "other.md": OTHER, "rules.toml": RULES.replace("generated = '^<string>$'\n", "")}
    app, warnings, pages = project(CONF, files)("en")
    expected = "index.md:3: ERROR: traceback-finder: rules.toml has no reading.generated: the page's script needs it"
    assert expected in warnings


def test_missing_words_fail(project):
    files = {"index.md": FINDER.replace("Error:\n\n", ""), "other.md": OTHER, "rules.toml": RULES}
    app, warnings, pages = project(CONF, files)("en")
    assert "index.md:3: ERROR: traceback-finder: write a label, then 4 paragraphs" in warnings


def test_a_condition_the_script_does_not_know_fails(project):
    """A misspelt condition would be ignored by the page's script, and the rule would hold for
    every paste: the build refuses it."""
    misspelt = RULES.replace('frames = ["/threading.py"]', 'frame = ["/threading.py"]')
    files = {"index.md": FINDER, "other.md": OTHER, "rules.toml": misspelt}
    app, warnings, pages = project(CONF, files)("en")
    expected = ("index.md:3: ERROR: traceback-finder: a situation of rules.toml has frame, which the page's script "
                "does not know")
    assert expected in warnings


def test_the_script_reads_every_condition_the_extension_lets_through():
    script = (ROOT / "docs" / "_static" / SCRIPT).read_text(encoding="utf-8")
    assert [name for name in SITUATION if f"rule.{name}" not in script] == ["link"]
