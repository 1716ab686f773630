"""Build the site, or a scratch copy of it, as `nox -s docs` does; read what the build wrote."""

import pickle
import subprocess
import sys
from pathlib import Path

from docutils import nodes
from support import GUIDE


def start_build(root, language, out):
    """Start sphinx-build on the project at `root`, as `nox -s docs` runs it; returns the process."""
    return subprocess.Popen(
        [
            sys.executable, "-m", "sphinx", *GUIDE["sphinx_options"], "-q",
            "-c", str(root),
            "-D", f"language={language}",
            "-d", str(out / "doctrees" / language),
            str(root / "docs"),
            str(out / "html" / language),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def build(root, language, out):
    """Build one language; returns (exit code, warnings)."""
    process = start_build(root, language, out)
    _, stderr = process.communicate(timeout=300)
    return process.returncode, stderr


def literal_blocks_outside(snippets, doctrees):
    """(page, line) of every code block in the pickled doctrees not read from `snippets`."""
    found = []
    for path in sorted(doctrees.rglob("*.doctree")):
        doctree = pickle.loads(path.read_bytes())
        for block in doctree.findall(nodes.literal_block):
            source = block.get("source")
            if not (source and Path(source).resolve().is_relative_to(snippets.resolve())):
                found.append((path.relative_to(doctrees).with_suffix("").as_posix(), block.line))
    return found
