"""Recorded tracebacks, for the traceback finder of docs/find-your-fix.md.

A page test that runs a broken snippet for real hands its output to assert_recorded(): the
excerpt a reader would paste (the traceback, or the log lines around it), with this machine's
paths, times and ids made neutral, must read as tests/tracebacks/<name>.txt reads, or as
<name>.flask-2.0.txt / <name>.flask-3.2.txt on the Flask lines that word the error otherwise.
The site's finder test pastes those files into the page. RECORD_TRACEBACKS=1 writes them."""

import functools
import os
import re

try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib

from harness.output import neutral
from harness.project import ROOT

__all__ = ["TRACEBACKS", "assert_recorded", "excerpt", "neutral", "reading"]

TRACEBACKS = ROOT / "tests" / "tracebacks"


@functools.cache
def finder_rules():
    """docs/traceback-finder.toml, read when a recording is first compared (a scratch project
    that copies this module has no such file)."""
    return tomllib.loads((ROOT / "docs" / "traceback-finder.toml").read_text(encoding="utf-8"))


def error_texts():
    return [text for error in finder_rules()["error"] for text in error["texts"]]


_LOG_RECORD = re.compile(r"\[?\d{4}-\d\d-\d\d \d\d:\d\d:\d\d|\d\d:\d\d:\d\d ")
_EXCEPTION = re.compile(r"[A-Za-z_][\w.]*: ")
_CHAINED = ("During handling of the above exception", "The above exception was the direct cause")
_CARETS = re.compile(r"\s*[\^~]+\s*$")  # Python 3.11's marks under a frame's code
# pytest's report of a failed test: its header, its frames (code first, the failing line marked
# ">"), the error's lines marked "E", and the place that raised it last ("path:line: Error")
_PYTEST_HEADER = re.compile(r"_{3,} \S.* _{3,}$")
_PYTEST_ERROR = re.compile(r"E {2,}")
_PYTEST_RAISED = re.compile(r"\S+:\d+: [A-Za-z_][\w.]*$")


@functools.cache
def patterns():
    """How the finder reads a frame, a pytest frame, a library's path and generated code's: the
    [reading] table of docs/traceback-finder.toml, which the page's script reads too."""
    reading = finder_rules()["reading"]
    return (re.compile(reading["frame"]), re.compile(reading["pytest_frame"]),
            re.compile("|".join(reading["library"])), re.compile(reading["generated"]))


def excerpt(output):
    """What a reader pastes from a program's output: from the traceback's first line (or the
    log line before it, which says what failed) to the end of the error's message."""
    lines = output.splitlines()
    texts = error_texts()
    states = [i for i, line in enumerate(lines) if line[:1].strip() and any(text in line for text in texts)]
    first = states[0]  # not a line of source in a frame (raise RuntimeError("..."))
    if _PYTEST_ERROR.match(lines[first]):  # pytest's report of the failed test, from "= FAILURES ="
        start = max(i for i in range(first) if _PYTEST_HEADER.match(lines[i]))
        start -= start > 0 and ("= FAILURES =" in lines[start - 1] or "= ERRORS =" in lines[start - 1])
        # a failed test's report ends with the line that raised (test.py:12: RuntimeError); an
        # error while collecting, with the error's own lines ("E   ...")
        after = range(first, len(lines))
        section = range(first, next((i for i in after if lines[i].startswith(("___", "==="))), len(lines)))
        raised = [i for i in section if _PYTEST_RAISED.match(lines[i])]
        end = raised[0] + 1 if raised else max(i for i in section if _PYTEST_ERROR.match(lines[i])) + 1
        return "\n".join(lines[start:end]).rstrip() + "\n"
    start = first
    while _EXCEPTION.match(lines[first]):  # the traceback's last line: back to its first
        while start > 0 and not lines[start].startswith("Traceback (most recent call last):"):
            start -= 1
        before = start - 1
        while before > 0 and not lines[before].strip():
            before -= 1
        if before <= 0 or not lines[before].startswith(_CHAINED):
            break
        start = before  # Python prints a chain of exceptions cause first: back to the cause
    if 0 < start < first and lines[start - 1][:1].strip():  # a log line, "Exception in thread ..."
        start -= 1
    # a log line that names the error is followed by the traceback that ends with it
    end = next((i for i in states if _EXCEPTION.match(lines[i])), first) + 1
    while end < len(lines) and not _LOG_RECORD.match(lines[end]) and not lines[end].startswith("Traceback"):
        end += 1
    return "\n".join(lines[start:end]).rstrip() + "\n"


def reading(text):
    """What the finder reads in a traceback, and nothing that changes with the versions of the
    libraries it goes through: each frame of the reader's own code with its function and line of
    source (the library frames between them as one mark each), the error's message, and which
    signs of where the code runs (the `frames` and `text` of docs/traceback-finder.toml) it
    shows. Not the numbers of the reader's lines: a snippet whose lines move reads the same, and
    its recording stays valid until what its lines say changes."""
    lines = [line for line in text.splitlines() if not _CARETS.match(line)]
    frame_pattern, pytest_frame_pattern, library_pattern, generated_pattern = patterns()
    frames, paths, message, shown = [], [], [], ""
    for i, line in enumerate(lines):
        frame, pytest_frame = frame_pattern.match(line.strip()), pytest_frame_pattern.match(line)
        if line.startswith(">"):
            shown = line[1:].strip()
        if _PYTEST_ERROR.match(line):
            line = line[1:].strip()  # pytest's "E" mark
        if frame or pytest_frame:
            if frame:
                path, _number, function = frame.groups()
                following = lines[i + 1].strip() if i + 1 < len(lines) else ""
                code = "" if frame_pattern.match(following) else following
            else:
                (path, _number, function), code, shown = pytest_frame.groups(""), shown, ""
            paths.append(path)
            if not (library_pattern.search(path) or (generated_pattern.search(path) and function != "<module>")):
                frames.append((path.rsplit("/", 1)[-1], function, code))
            elif frames[-1:] != ["library"]:
                frames.append("library")
        elif _EXCEPTION.match(line) and any(text in line for text in error_texts()):
            message = [line]  # the last exception of a chain that states the error
        elif message and line.strip():
            message.append(line)
    situations = finder_rules()["situation"]
    signs = {sign for rule in situations for sign in rule.get("frames", []) if any(sign in p for p in paths)}
    signs |= {sign for rule in situations for sign in rule.get("text", []) + rule.get("also_text", []) if sign in text}
    signs |= {sign for rule in situations for sign in rule.get("lines", [])
              if any(line.strip().startswith(sign) for line in lines)}
    return {"frames": frames, "error": message, "signs": sorted(signs)}


def assert_recorded(name, output, project=()):
    """The excerpt of `output` reads as its recording for this Flask line (RECORD_TRACEBACKS=1:
    record it, for this line only where it reads otherwise than the common one). `project`: more
    folders of the reader's project, as neutral() takes them."""
    from harness.flask_lines import RECORDING_WORDING  # the Flask under test: page tests only

    text = neutral(excerpt(output), project)
    common, own = TRACEBACKS / f"{name}.txt", TRACEBACKS / f"{name}{RECORDING_WORDING}.txt"
    if os.environ.get("RECORD_TRACEBACKS"):
        if own == common or not common.exists() or reading(text) != reading(common.read_text(encoding="utf-8")):
            own.write_text(text, encoding="utf-8")
        return
    recording = own if own.exists() else common
    assert recording.exists(), f"no recording of {name}: run this test with RECORD_TRACEBACKS=1\n{text}"
    expected = reading(recording.read_text(encoding="utf-8"))
    assert reading(text) == expected, (
        f"the real output no longer reads as tests/tracebacks/{recording.name}: record it again "
        f"with RECORD_TRACEBACKS=1 on this Flask line\n{text}"
    )
