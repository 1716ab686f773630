"""From any page, where to change it, translate it, or reuse it: the repository's addresses.

- A page of the source language: Furo's "Edit this page" button opens the page's Markdown in
  the repository (Furo's ``source_repository``, ``source_branch`` and ``source_directory``, set
  here from ``guide_repository`` and ``guide_branch``).
- A translated page: the same button opens the page's catalog instead
  (``locale/<language>/LC_MESSAGES/<page>.po``), and the footer names that catalog and links
  to the translators' guide (the ``translating`` page).
- Every page: the footer states the two licences, the text's and the code examples', each
  linking to its licence file in the repository, and links to the repository and its issue
  tracker, the team's address.

The footer's sentences are messages of the interface catalog (``sphinx.po``); the addresses are
put into them here, HTML-escaped, so a translation moves words, never a link.
"""

from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.typing import ExtensionMetadata

from ext.languages import source_language

TRANSLATORS_GUIDE = "translating"  # the page that says how to translate a catalog


def set_theme_options(app: Sphinx, config: Config) -> None:
    """Furo's edit button, for the source pages (a translated page gets its catalog instead)."""
    if not config.guide_repository:
        return
    config.html_theme_options = {
        **config.html_theme_options,
        "source_repository": config.guide_repository.rstrip("/") + "/",
        "source_branch": config.guide_branch,
        "source_directory": "docs/",
        "top_of_page_buttons": ["edit"],
    }


def repository_url(config, path, action="blob"):
    return f"{config.guide_repository.rstrip('/')}/{action}/{config.guide_branch}/{path}"


def catalog_path(config, pagename):
    return f"locale/{config.language}/LC_MESSAGES/{pagename}.po"


def add_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    config = app.config
    if not config.guide_repository or not context.get("page_source_suffix"):
        return  # no repository, or a page without a source of its own (search, genindex)
    links = {
        "repository": config.guide_repository.rstrip("/"),
        "issues": config.guide_repository.rstrip("/") + "/issues",
        "text_licence": repository_url(config, "LICENSE"),
        "code_licence": repository_url(config, "LICENSE-snippets"),
    }
    if config.language != source_language(config):
        catalog = catalog_path(config, pagename)
        context["theme_source_edit_link"] = repository_url(config, catalog, "edit")
        guide = app.builder.get_relative_uri(pagename, TRANSLATORS_GUIDE)
        if pagename == getattr(config, "notfound_pagename", None):  # served at any address
            guide = config.notfound_urls_prefix + app.builder.get_target_uri(TRANSLATORS_GUIDE)
        links.update(catalog=catalog, catalog_url=repository_url(config, catalog), guide=guide)
    context["guide_source"] = {key: escape(value) for key, value in links.items()}


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("ext.languages")  # guide_languages (is the page translated?), the 404 page's prefix
    app.add_config_value("guide_repository", "", "html", types=[str])
    app.add_config_value("guide_branch", "main", "html", types=[str])
    app.connect("config-inited", set_theme_options)
    app.connect("html-page-context", add_links)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
