"""The traceback finder of "Find your situation": a reader pastes a traceback or a log excerpt,
and the page names the error, the line of the reader's own code that needs a context, and the
fix for where that line runs.

The rules are data, in a TOML file the directive names (docs/traceback-finder.toml says how they
read); the words are the directive's content, so the page's catalog translates them like any
other text:

    ```{traceback-finder} traceback-finder.toml
    Paste a traceback or a log excerpt            (the box's label)

    Your situation:                               (before the link to the fix)

    The line of your code that needs a context:

    The error:

    When it cannot tell, this sentence.

    - [Scripts and one-off jobs](fix-script.md#the-fix)    (one link per fix the rules name)
    ```

The build refuses rules that name a fix the list does not link, and a list that links a fix no
rule names. The reader's text never leaves the browser (the page's Content-Security-Policy
lets the script send nothing anywhere), and the script writes it into the page only as text.
It reads in time linear in the paste, and keeps the last 100,000 characters of a longer one
(the page says so): a browser takes seconds to lay out megabytes in a text box.
"""

import json
from pathlib import Path
from typing import Any

import tomllib
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

SCRIPT = "traceback-finder.js"
SCRIPT_RULES = ("reading", "error", "situation")  # the tables of the rules file the page's script reads
READING = ("frame", "pytest_frame", "library", "on_behalf", "generated", "not_flask", "ipython_header", "ipython_frame",
           "ipython_arrow")  # what [reading] gives it
# a situation's link and the conditions the page's script knows (docs/traceback-finder.toml)
SITUATION = ("link", "error", "frames", "text", "also_text", "not_frames", "lines", "imports", "script",
             "functions", "code", "called_by_package", "library_reads", "module_level", "calls_back", "own_code",
             "after_own", "starts_in", "starts_own")
MESSAGES = ["situation", "line", "error", "unknown"]  # the paragraphs after the label, in order
INPUT_ID = "traceback-finder-input"


class traceback_finder(nodes.General, nodes.Element):  # lower case, as docutils names its nodes
    """The finder: its label, its words and its links; its rules are an attribute."""


class finder_label(nodes.paragraph):
    """The box's label: a paragraph, so that it is translated, written as <label>."""


class finder_words(nodes.General, nodes.Element):
    """What the script shows, translated with the page; hidden until the script uses it."""


def page_and_anchor(link):
    page, _, anchor = link.partition("#")
    return page.removesuffix(".md"), anchor or None


class TracebackFinder(SphinxDirective):
    required_arguments = 1  # the rules file, relative to the page
    has_content = True

    def apply(self, content):
        label, *messages = [node for node in content if isinstance(node, nodes.paragraph)]
        lists = [node for node in content if isinstance(node, nodes.bullet_list)]
        if len(messages) != len(MESSAGES) or len(lists) != 1:
            raise self.error(f"traceback-finder: write a label, then {len(MESSAGES)} paragraphs "
                             f"({', '.join(MESSAGES)}), then one list of links to the fixes")
        return label, messages, lists[0]

    def run(self):
        path = Path(self.env.doc2path(self.env.current_document.docname)).parent / self.arguments[0]
        self.env.note_dependency(str(path))
        try:
            rules = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise self.error(f"traceback-finder: cannot read {path}: {error}") from None
        for key in SCRIPT_RULES:
            if key not in rules:
                raise self.error(f"traceback-finder: {path.name} has no {key}: the page's script needs it")
        for key in READING:
            if key not in rules["reading"]:
                raise self.error(f"traceback-finder: {path.name} has no reading.{key}: the page's script needs it")
        label, messages, links = self.apply(self.parse_content_to_nodes())
        fixes = [page_and_anchor(f"{x['reftarget']}#{x['reftargetid'] or ''}")
                 for x in links.findall(addnodes.pending_xref)]
        for situation in rules["situation"]:
            unknown = sorted(situation.keys() - set(SITUATION))
            if unknown or "link" not in situation:
                raise self.error(f"traceback-finder: a situation of {path.name} has "
                                 + (f"{', '.join(unknown)}, which the page's script does not know"
                                    if unknown else "no link"))
            target = page_and_anchor(situation["link"])
            if target not in fixes:
                raise self.error(f"traceback-finder: {situation['link']} (in {path.name}) is not "
                                 "among the links of the list")
            situation["fix"] = fixes.index(target)  # the script takes its name and URL from there
        unused = set(fixes) - {page_and_anchor(s["link"]) for s in rules["situation"]}
        if unused:
            raise self.error(f"traceback-finder: no rule of {path.name} sends a reader to "
                             + ", ".join(f"{page}.md" + (f"#{anchor}" if anchor else "")
                                         for page, anchor in sorted(unused, key=str)))
        finder = traceback_finder(rules=json.dumps({key: rules[key] for key in SCRIPT_RULES}))
        finder += finder_label(label.rawsource, "", *label.children, **label.attributes)
        words = finder_words()
        for name, paragraph in zip(MESSAGES, messages):
            paragraph["classes"].append(f"finder-{name}")
            words += paragraph
        words += links
        finder += words
        self.set_source_info(finder)
        finder[0].source, finder[0].line = label.source, label.line
        return [finder]


def visit_finder(self, node):
    self.body.append(self.starttag(node, "div", CLASS="traceback-finder", **{"data-rules": node["rules"]}))


def depart_finder(self, node):
    self.body.append("</div>\n")


def visit_label(self, node):
    self.body.append(self.starttag(node, "label", "", CLASS="finder-label", **{"for": INPUT_ID}))


def depart_label(self, node):
    self.body.append("</label>\n")
    self.body.append(f'<textarea id="{INPUT_ID}" rows="10" spellcheck="false" autocomplete="off"></textarea>\n')
    self.body.append('<div class="finder-result" aria-live="polite"></div>\n')


def visit_words(self, node):
    self.body.append(self.starttag(node, "div", CLASS="finder-words", hidden="hidden"))


def add_script(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    if doctree is not None and next(doctree.findall(traceback_finder), None) is not None:
        app.add_js_file(SCRIPT, defer="defer")  # in html-page-context: this page only


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_node(traceback_finder, html=(visit_finder, depart_finder))
    app.add_node(finder_label, html=(visit_label, depart_label))
    app.add_node(finder_words, html=(visit_words, depart_finder))
    app.add_directive("traceback-finder", TracebackFinder)
    app.connect("html-page-context", add_script)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
