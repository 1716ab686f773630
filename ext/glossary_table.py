"""Show the glossary (locale/vi/glossary.csv) as a table that reads well.

The CSV's *Avoid* column separates the terms to avoid with ``|``, because the catalog checks
(tools/catalogs.py) split it there. The ``glossary-table`` directive is ``csv-table`` with that
column shown as a list, ``a, b``: the reader never sees the separator, and the gettext builder
extracts the cell as it is shown. Its options are ``csv-table``'s.
"""

from docutils.parsers.rst.directives.tables import CSVTable
from docutils.statemachine import StringList

AVOID = "Avoid"  # the header of the column, in the CSV
SEPARATOR, SHOWN_AS = "|", ", "


def readable(cell):
    """'a|b' -> 'a, b': the terms of an Avoid cell as the page shows them."""
    return SHOWN_AS.join(term.strip() for term in cell.split(SEPARATOR) if term.strip())


class GlossaryTable(CSVTable):
    def parse_csv_data_into_rows(self, csv_data, dialect, source):
        rows, max_cols = super().parse_csv_data_into_rows(csv_data, dialect, source)
        header = ["\n".join(cell[3]) for cell in rows[0]] if rows else []
        if AVOID in header:
            column = header.index(AVOID)
            for row in rows[1:]:
                if column < len(row):
                    *spans, lines = row[column]
                    text = readable("\n".join(lines))
                    row[column] = (*spans, StringList(text.splitlines(), source=source))
        return rows, max_cols


def setup(app):
    app.add_directive("glossary-table", GlossaryTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
