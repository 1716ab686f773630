"""What a reader's browser downloads for a page, as a static host sends it: the page budget of
the site tests and the figure `nox -s bench` prints."""

import gzip
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# The budget of every page, search included (issue 17): gzip bytes over the wire, requests.
BUDGET = (45 * 1024, 16)


class References(HTMLParser):
    """The stylesheets, scripts, images and icons a page loads."""

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


def page_weight(page, site_root):
    """(bytes over the wire with gzip, requests) to load a built page and what it references.

    Counts the page, its stylesheets, scripts, images and icons, each gzip-compressed as a
    static host would send them; search.html also loads the search index.
    """
    parser = References()
    parser.feed(page.read_text(encoding="utf-8"))
    page_url = "/" + page.relative_to(site_root).as_posix()
    files = {page}
    for url in parser.urls:
        if urlsplit(url).netloc:
            continue  # nothing comes from another host: the browser tests check that
        files.add(site_root / urlsplit(urljoin(page_url, url)).path.lstrip("/"))
    if page.name == "search.html":
        files.add(page.parent / "searchindex.js")
    size = sum(len(gzip.compress(f.read_bytes(), compresslevel=6)) for f in files)
    return size, len(files)
