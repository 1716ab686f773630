"""Show the glossary (locale/vi/glossary.csv) as a table of plain text that reads well.

The CSV's *Avoid* column separates the terms to avoid with ``|``, because the catalog checks
(tools/catalogs.py) split it there. The ``glossary-table`` directive is ``csv-table`` with that
column shown as a list, ``a, b``: the reader never sees the separator, and the gettext builder
extracts the cell as it is shown. Its options are ``csv-table``'s.

The CSV lives under locale/, which anyone can change in a pull request: it is text, never
markup. No cell is parsed (no role, directive, HTML or link runs or reaches the page); the
only markup a cell has is ``code`` in backticks, shown as inline code. Each cell is a message
whose translation is shown the same way, as text. The file must be a plain file of the project
(no symbolic link, at most 256 KB), and a cell may hold no invisible character and no address
outside its code: a reviewer could not see the one, and the glossary links nowhere.

The search index of the source language holds its own words: the cells of the columns in
another language (the column headed with that language's name in ``guide_languages``, and
*Avoid*) get Sphinx's ``no-search`` class in the source language's build. A translated build
indexes every cell: there a reader who searches for a term to avoid finds the one to use.
"""

import os
import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst.directives.tables import CSVTable
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import ExtensionMetadata
from sphinx.writers.html5 import HTML5Translator

from ext.catalog_guard import ADDRESS, invisible

logger = logging.getLogger(__name__)

AVOID = "Avoid"  # the header of the column, in the CSV
SEPARATOR, SHOWN_AS = "|", ", "
MAX_BYTES = 256 * 1024
CODE = re.compile(r"`([^`\n]+)`")


def readable(cell):
    """'a|b' -> 'a, b': the terms of an Avoid cell as the page shows them."""
    return SHOWN_AS.join(term.strip() for term in cell.split(SEPARATOR) if term.strip())


def plain_inline(text):
    """Text and inline code, and nothing else: the nodes of a cell."""
    found: list[nodes.Node] = []
    position = 0
    for match in CODE.finditer(text):
        if match.start() > position:
            found.append(nodes.Text(text[position:match.start()]))
        found.append(nodes.literal(match[0], match[1]))
        position = match.end()
    if position < len(text):
        found.append(nodes.Text(text[position:]))
    return found


class glossary_cell(nodes.paragraph, addnodes.translatable):  # lower case, as docutils names its nodes
    """A cell of the glossary: text and inline code; its translation is shown the same way."""

    def preserve_original_messages(self):
        self["original_text"] = self.rawsource

    def extract_original_messages(self):
        return [self.get("original_text", self.rawsource)] if self.rawsource.strip() else []

    def apply_translated_message(self, original_message, translated_message):
        self.children = []
        self.extend(plain_inline(translated_message))


class GlossaryTable(CSVTable, SphinxDirective):
    def parse_csv_data_into_rows(self, csv_data, dialect, source):
        rows, max_cols = super().parse_csv_data_into_rows(csv_data, dialect, source)
        header = ["\n".join(cell[3]) for cell in rows[0]] if rows else []
        self.header = header
        column = header.index(AVOID) if AVOID in header else None
        self.cell_texts = []
        for number, row in enumerate(rows):
            for index, (*spans, lines) in enumerate(row):
                text = "\n".join(lines)
                if column is not None and number > 0 and index == column:
                    text = readable(text)
                self.check(text, source, number + 1)
                self.cell_texts.append(text)
                row[index] = (*spans, StringList([], source=source))  # nothing is parsed
        return rows, max_cols

    def check(self, text, source, row):
        outside_code = CODE.sub("", text)
        hidden = [c for c in text if invisible(c) and c != "\n"]
        if hidden:
            logger.warning("an invisible or control character (U+%04X) in a glossary cell: remove it",
                           ord(hidden[0]), location=f"{source}:{row}", type="glossary")
        if addresses := ADDRESS.findall(outside_code):
            logger.warning("an address in a glossary cell (%r): the glossary links nowhere and names no site",
                           addresses[0][:80], location=f"{source}:{row}", type="glossary")

    def get_csv_data(self):
        if "file" in self.options:
            source_dir = Path(str(self.state.document.current_source)).parent
            path = Path(os.path.abspath(Path(source_dir, self.options["file"])))
            # the pages' folder, or a folder of the catalogs (where conf.py says they are)
            folders = [Path(os.path.abspath(Path(self.env.srcdir, folder)))
                       for folder in [".", *getattr(self.config, "guide_catalog_dirs", [])]]
            project = next((folder for folder in folders if path.is_relative_to(folder)), None)
            linked = project and any(p.is_symlink() for p in [path, *path.parents] if p.is_relative_to(project))
            if project is None or linked or not path.is_file():
                raise self.error(f"glossary-table: {self.options['file']} must be a plain file of the project, "
                                 "not a symbolic link, a device or a file elsewhere")
            if path.stat().st_size > MAX_BYTES:
                raise self.error(f"glossary-table: {self.options['file']} is larger than {MAX_BYTES // 1024} KB")
        return super().get_csv_data()

    def other_language_columns(self, header):
        """The columns of words in a language other than this build's, in a source-language build."""
        languages = list(getattr(self.config, "guide_languages", {}).items())
        if not languages or self.config.language != languages[0][0]:
            return set()
        others = {name for _, name in languages[1:]} | {AVOID}
        return {index for index, name in enumerate(header) if name in others}

    def run(self):
        result = super().run()
        tables = [node for node in result if isinstance(node, nodes.table)]
        entries = list(tables[0].findall(nodes.entry)) if tables else []
        width = len(self.header) or 1
        unindexed = self.other_language_columns(self.header)
        for number, (entry, text) in enumerate(zip(entries, self.cell_texts)):
            entry.children = []
            if text.strip():
                cell = glossary_cell(text, "", *plain_inline(text))
                cell.source, cell.line = self.state.document.current_source, self.lineno
                if number >= width and number % width in unindexed:
                    cell["classes"].append("no-search")
                entry += cell
        return result


def visit_cell(translator, node):
    HTML5Translator.visit_paragraph(translator, node)


def depart_cell(translator, node):
    HTML5Translator.depart_paragraph(translator, node)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_node(glossary_cell, html=(visit_cell, depart_cell))
    app.add_directive("glossary-table", GlossaryTable)
    # env_version: the doctrees of an older version lack the no-search classes; Sphinx reads
    # every page again when it changes
    return {"env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
