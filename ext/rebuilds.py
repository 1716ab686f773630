"""An incremental build writes the site a clean build writes.

Sphinx rewrites only the pages it read again and the pages whose toctree includes them, and
keeps the rest of its output from the build before. Three things of this site are then stale
until ``_build`` is deleted (``nox -s docs`` and the preview alike), and this puts each right:

- Every page's sidebar and its previous/next links show every page's title, and a link
  written without text shows its target's title. When a page's title, a toctree or the set of
  pages changes (in English, or through a ``msgstr`` in a translated build), every page is
  written again (``env-get-outdated`` notes the titles and toctrees before reading,
  ``env-updated`` compares them after). An edit that changes neither rewrites only its page.
- The search index: Sphinx takes the pages it does not write this time from the previous
  ``searchindex.js``, except their index entries (``{index}``), which it keeps only in memory
  while writing: they are read back from the previous index as well. And a word no page holds
  any more (an old title's) leaves the index instead of staying in it with no page.
- sphinx-sitemap lists the pages written by this build only: it lists every page.
- A removed page's HTML stays in the output, where a host would still serve it: it is deleted.
- Warnings: Sphinx gives most of a page's warnings once, when it reads the page, and the next
  build reads only what changed. After a build that warned, an unchanged page's warning would
  not come again, and with warnings as errors the next build would pass where a clean one
  fails. A build that warned forgets its saved environment, as Sphinx does after a build that
  failed, so the next one reads every page again and gives every warning again.
"""

import json
import weakref
from typing import Any, NamedTuple

import sphinx_sitemap
from sphinx import addnodes
from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.util.typing import ExtensionMetadata


def navigation(env: BuildEnvironment) -> dict[str, tuple[str, list[str]]]:
    """What every page's sidebar shows of the others: each page's title and toctrees."""
    return {
        docname: (
            str(env.titles.get(docname)),
            [str(toctree) for toctree in env.tocs[docname].findall(addnodes.toctree)] if docname in env.tocs else [],
        )
        for docname in env.all_docs
    }


class Before(NamedTuple):
    """What a build found before reading any page: the navigation, the pages removed."""

    navigation: dict[str, tuple[str, list[str]]]
    removed: set[str]


BEFORE: weakref.WeakKeyDictionary[Sphinx, Before] = weakref.WeakKeyDictionary()  # of each running build


def note_navigation(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    BEFORE[app] = Before(navigation(env), set(removed))
    return []


def rewrite_all_if_navigation_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    if app not in BEFORE or navigation(env) != BEFORE[app].navigation:
        return sorted(env.found_docs)
    return []


def delete_removed_pages(app: Sphinx, builder: Builder) -> None:
    if builder.format == "html" and isinstance(builder, StandaloneHTMLBuilder) and app in BEFORE:
        for docname in BEFORE[app].removed:
            builder.get_outfilename(docname).unlink(missing_ok=True)


def complete_search_index(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """Put back the index entries of the pages this build did not write, from the previous
    search index (Sphinx's load_indexer read back everything else of them from it), and drop
    the words no page holds; runs in html-collect-pages, the last event before the index is
    written."""
    builder = app.builder
    indexer = getattr(builder, "indexer", None)
    if indexer is None or not isinstance(builder, StandaloneHTMLBuilder):
        return []
    for words in (indexer._mapping, indexer._title_mapping):  # word -> docnames
        for word in [word for word, docnames in words.items() if not docnames]:
            del words[word]
    entries = indexer._index_entries  # docname -> [(entry, target id, "main" or "")]
    kept = [docname for docname in indexer._titles if docname not in entries]
    if kept:
        try:
            text = (builder.outdir / builder.searchindex_filename).read_text(encoding="utf-8")
            previous = json.loads(text[text.index("(") + 1:text.rindex(")")])
        except (OSError, ValueError):
            previous = None  # Sphinx warned already: its own load failed the same way
        if previous is not None:
            docnames = previous["docnames"]
            restored: dict[str, list[tuple[str, str, str]]] = {docname: [] for docname in kept}
            for entry, places in previous["indexentries"].items():
                for index, target_id, main in places:
                    if docnames[index] in restored:
                        restored[docnames[index]].append((entry, target_id, "main" if main else ""))
            entries.update((docname, sorted(found)) for docname, found in restored.items())
    # in page order, as a clean build feeds them: the index lists an entry's pages in this order
    ordered = sorted(entries.items())
    entries.clear()
    entries.update(ordered)
    return []


def list_every_page(app: Sphinx, exception: Exception | None) -> None:
    """Before sphinx-sitemap writes the sitemap: every page, in page order, then the pages
    extensions wrote (a clean serial build's order)."""
    if exception is not None or app.builder.format != "html" or not hasattr(app, "sitemap_links"):
        return
    written = []
    while not app.sitemap_links.empty():
        written.append(app.sitemap_links.get())
    for docname in sorted(app.env.all_docs):
        sphinx_sitemap.add_html_link(app, docname, None, None, None)
    pages = {app.builder.get_target_uri(docname) for docname in app.env.all_docs}
    for link, last_updated in written:
        if link not in pages:
            app.sitemap_links.put((link, last_updated))


def read_everything_after_warnings(app: Sphinx, exception: Exception | None) -> None:
    # Sphinx counts the warnings it gives (those suppress_warnings lets through) in _warncount.
    if exception is None and app._warncount:
        (app.doctreedir / ENV_PICKLE_FILENAME).unlink(missing_ok=True)


def setup(app: Sphinx) -> ExtensionMetadata:
    # sphinx-sitemap's queue of pages (app.sitemap_links), filled before it writes the sitemap
    app.setup_extension("ext.sitemap_serial")
    app.connect("env-get-outdated", note_navigation)
    app.connect("env-updated", rewrite_all_if_navigation_changed)
    app.connect("write-started", delete_removed_pages)
    app.connect("html-collect-pages", complete_search_index, priority=900)  # after other pages
    app.connect("build-finished", list_every_page, priority=400)  # before sphinx-sitemap (500)
    app.connect("build-finished", read_everything_after_warnings)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
