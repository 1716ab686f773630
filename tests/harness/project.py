"""Where things are, and what a file under snippets/ holds."""

import pickle
from pathlib import Path

# the one reader of [tool.guide], its facts passed on to the tests
from tools.guide import GUIDE as GUIDE
from tools.guide import LANGUAGES as LANGUAGES
from tools.guide import ROOT

SNIPPETS = ROOT / "snippets"
# One folder of snippets per page (snippets/fix-threads/ for docs/fix-threads.md), plus the
# sample application `myapp/` that many pages share. A reader's project has them side by side:
# the tests put snippets/ (for myapp) and every page folder on the import path.
SNIPPET_PATH = [
    str(SNIPPETS),
    *sorted(str(p) for p in SNIPPETS.iterdir() if p.is_dir() and p.name not in ("myapp", "__pycache__")),
] if SNIPPETS.is_dir() else []


def snippet_files():
    """Every file a reader can be shown that is not Python (console sessions, error texts,
    configuration): line coverage proves the Python ones run, a test must name the others."""
    return sorted(
        path.relative_to(SNIPPETS).as_posix()
        for path in SNIPPETS.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".py"
    )


def console_runs(path):
    """[(command, expected output)] of a .console snippet: each `$ ` line starts a command."""
    runs = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("$ "):
            runs.append((line[2:].rstrip("\n"), []))
        else:
            runs[-1][1].append(line)
    return [(command, "".join(output)) for command, output in runs]


def literal_blocks(doctrees):
    """(page, code block) for every code block in the pickled doctrees the build wrote."""
    from docutils import nodes

    for path in sorted(doctrees.rglob("*.doctree")):
        page = path.relative_to(doctrees).with_suffix("").as_posix()
        for block in pickle.loads(path.read_bytes()).findall(nodes.literal_block):
            yield page, block


def literal_blocks_outside(snippets, doctrees):
    """(page, line) of every code block in the pickled doctrees not read from `snippets`: the
    same rule as ext/snippets_only.py, checked on what the build wrote."""
    found = []
    for page, block in literal_blocks(doctrees):
        source = block.get("source")
        if not (source and Path(source).resolve().is_relative_to(snippets.resolve())):
            found.append((page, block.line))
    return found
