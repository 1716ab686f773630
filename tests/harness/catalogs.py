"""Catalog texts for the extensions' tests."""

# A catalog's header as a refresh writes it.
PO_HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n'
)


def po_text(messages):
    """A .po file's text: the header, then these {msgid: msgstr}."""
    return PO_HEADER + "".join(f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n' for msgid, msgstr in messages.items())
