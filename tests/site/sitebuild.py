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


def page_weight(page, site_root):
    """(bytes over the wire with gzip, requests) to load a built page and what it references.

    Counts the page, its stylesheets, scripts, images and icons, each gzip-compressed as a
    static host would send them; search.html also loads the search index.
    """
    import gzip
    from html.parser import HTMLParser
    from urllib.parse import urljoin, urlsplit

    class References(HTMLParser):
        def __init__(self):
            super().__init__()
            self.urls = []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "script" and attrs.get("src"):
                self.urls.append(attrs["src"])
            elif tag == "link" and attrs.get("rel") in ("stylesheet", "icon") and attrs.get("href"):
                self.urls.append(attrs["href"])
            elif tag == "img" and attrs.get("src"):
                self.urls.append(attrs["src"])

    html = page.read_text(encoding="utf-8")
    parser = References()
    parser.feed(html)
    page_url = "/" + page.relative_to(site_root).as_posix()
    files = {page}
    for url in parser.urls:
        if urlsplit(url).netloc:
            continue  # nothing comes from another host: test_browser.py checks that
        files.add(site_root / urlsplit(urljoin(page_url, url)).path.lstrip("/"))
    if page.name == "search.html":
        files.add(page.parent / "searchindex.js")
    size = sum(len(gzip.compress(f.read_bytes(), compresslevel=6)) for f in files)
    return size, len(files)
