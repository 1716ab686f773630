"""What a program wrote, made comparable: one normaliser, one matcher for the output a page
shows (where a line `...` stands for lines left out)."""

import os
import re
import sys

from harness.project import SNIPPET_PATH, SNIPPETS

# What changes from run to run and machine to machine, and the fixed value that replaces it
# (the values the pages show, so that a page's text reads the same normalised).
VOLATILE = [
    (re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}"), "2026-11-21 09:14:03,512"),
    (re.compile(r"^\d\d:\d\d:\d\d ", re.MULTILINE), "09:14:03 "),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"), "2026-11-21T09:14:03Z"),  # gevent's
    (re.compile(r"^(Ran \d+ tests?) in [\d.]+s$", re.MULTILINE), r"\1 in 0.012s"),  # unittest's
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"),
     "8c1d6f0e-3b2a-4f7e-9c55-2e4b1a7d9f30"),
    (re.compile(r"\b[0-9a-f]{32}\b"), "27314a5e5a1f4d64bf2081fd07ba020e"),
    (re.compile(r"\b0x[0-9a-f]{6,16}\b"), "0x7f3a2c1e5b20"),
    (re.compile(r"\bPID \d+"), "PID 24598"),
    (re.compile(r"\bThread-\d+"), "Thread-1"),
]
# What a terminal shows that the pages leave out or that differs by version and machine only:
# run before VOLATILE, on the output and on the page's text alike.
NOISE = [
    # Flask-SQLAlchemy 2.5 (Flask 2.0, 2.1) warns on stderr about a setting 3.x removed, and
    # forces that warning on with a filter of its own, so PYTHONWARNINGS cannot hide it
    (re.compile(r"/\S*flask_sqlalchemy/__init__\.py:\d+: FSADeprecationWarning: [^\n]*\n"
                r"\s*warnings\.warn\(FSADeprecationWarning\(\n"), ""),
    (re.compile(r"^ *[\^~]+ *\n", re.MULTILINE), ""),  # Python 3.11's marks under a frame's code
    (re.compile(r"\bWorker [0-9a-f]{32}: "), ""),  # RQ 3 names the worker on each line
    (re.compile(r"\bin \d[\d.:e-]*s\b"), "in 0.012s"),  # durations: Celery, Huey, RQ, pytest
    (re.compile(r"celery@\S+ ready\."), "celery@laptop ready."),
    (re.compile(r"sqlalche\.me/e/\d+/"), "sqlalche.me/e/20/"),  # SQLAlchemy's error links
    (re.compile(r"\b0x[0-9a-f]+>"), "0x7f3a2c1e5b20>"),  # a repr's address, however long
    (re.compile(r"[ \t]+$", re.MULTILINE), ""),
]


def neutral(text, project=()):
    """Paths as a reader's project has them, and fixed times, ids, addresses and PIDs; `project`:
    more folders that stand for the reader's project (a test's own, holding a file it wrote)."""
    places = [(sys.prefix, "/home/you/project/.venv"), (sys.base_prefix, "/usr")]
    places += [(folder, "/home/you/project") for folder in [*SNIPPET_PATH[1:], str(SNIPPETS), *map(str, project)]]
    for place, replacement in places:
        text = text.replace(place + os.sep, replacement + "/")
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def normalise(text):
    """Output (or a page's text of it) with the noise left out and the volatile made fixed:
    two runs, or a run and the page, then read the same."""
    for pattern, replacement in NOISE:
        text = pattern.sub(replacement, text)
    return neutral(text)


def _pattern(shown, left_out):
    lines = shown.splitlines()
    return "".join(left_out if line.strip() == "..." else re.escape(line) + r"\n" for line in lines)


def shows(shown, output, *, whole=False):
    """Whether `output` reads as `shown`, both normalised: line for line, where a line `...`
    (indented or not) stands for lines left out. With `whole`, from the output's first line to
    its last, each `...` standing for one line or more (a console session shown whole); else
    anywhere in it, each `...` for as many lines as this run printed there, none included (a page
    shows one Flask line's output, which another line words in fewer lines), and a `...` at either
    end of `shown` only saying that there is more around."""
    shown, output = normalise(shown), normalise(output)
    output = output if output.endswith("\n") else output + "\n"
    if whole:
        return re.fullmatch(_pattern(shown, r"(?:.*\n)+?"), output) is not None
    lines = shown.splitlines()
    while lines and lines[0].strip() == "...":
        lines.pop(0)
    while lines and lines[-1].strip() == "...":
        lines.pop()
    return re.search(r"(?m)^" + _pattern("\n".join(lines), r"(?:.*\n)*?"), output) is not None


def assert_shows(shown, output, *, whole=False):
    """shows(), failing with both texts normalised."""
    assert shows(shown, output, whole=whole), (
        f"the output does not read as shown.\n--- shown ---\n{normalise(shown)}\n--- output ---\n{normalise(output)}"
    )
