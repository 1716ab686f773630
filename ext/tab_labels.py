"""Translate what sphinx-tabs shows: the tab labels and the tab list's accessible name.

- A tab label node is created without a source, so Sphinx's i18n transform never translates
  it, although the gettext builder extracts it. Giving it the page as its source makes the
  catalog's translation apply.
- The tab list's ``aria-label`` ("Tabbed content") is set by sphinx-tabs in English; it comes
  from the interface catalog (``sphinx.po``) here, and is escaped like every attribute.
- sphinx-tabs writes every attribute of a label into the HTML: the i18n bookkeeping is dropped.
"""

from typing import Any

from sphinx.application import Sphinx
from sphinx.locale import _  # the interface catalog, sphinx.po
from sphinx.transforms import SphinxTransform
from sphinx.util.typing import ExtensionMetadata
from sphinx_tabs.tabs import SphinxTabsTab, SphinxTabsTablist


class GiveTabLabelsASource(SphinxTransform):
    default_priority = 5  # before Locale (20), which skips nodes without a source

    def apply(self, **kwargs: Any) -> None:
        for label in self.document.findall(SphinxTabsTab):
            if label.source is None:
                label.source = self.document["source"]
                label.line = label.parent.line if label.parent else None


class TranslateTabList(SphinxTransform):
    default_priority = 990  # after every i18n transform has read the labels

    def apply(self, **kwargs: Any) -> None:
        for tablist in self.document.findall(SphinxTabsTablist):
            if "aria-label" in tablist:
                tablist["aria-label"] = _(tablist["aria-label"])
        for label in self.document.findall(SphinxTabsTab):
            label.attributes.pop("translated", None)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinx_tabs.tabs")
    app.add_transform(GiveTabLabelsASource)
    app.add_transform(TranslateTabList)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
