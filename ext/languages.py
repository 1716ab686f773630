"""One site, several languages: links between the same page in each language.

- ``html_baseurl`` is ``guide_base_url`` with ``{language}`` filled in: canonical URLs, the
  sitemap and Open Graph tags are per language.
- Each page gets a switcher (``language_links`` for ``sidebar/languages.html``) that points to
  the same page in every language, and ``<link rel="alternate" hreflang>`` tags for search
  engines, x-default being the source language.

The site root that ties the languages together is not part of a language's build: ``nox -s
docs`` writes it once every language is built (tools/site.py).
"""

from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.typing import ExtensionMetadata


def source_language(config):
    return next(iter(config.guide_languages))


def language_url(config, code, page=""):
    """The absolute address of a page (or the home) in one language."""
    return config.guide_base_url.format(language=code) + page


def set_base_url(app: Sphinx, config: Config) -> None:
    if config.language not in config.guide_languages:
        known = ", ".join(config.guide_languages)
        raise ValueError(f"language {config.language!r} is not one of guide_languages ({known})")
    config.html_baseurl = language_url(config, config.language)
    config.ogp_site_url = config.html_baseurl
    config.notfound_urls_prefix = f"/{config.language}/"  # the 404 page may be served anywhere


def page_links(app, pagename):
    """Where this page lives in each language, relative to the page itself."""
    target = app.builder.get_target_uri(pagename)
    up = "../" * (target.count("/") + 1)  # from this page up to the folder above the languages
    if pagename == app.config.notfound_pagename:
        up = "/"  # served at whatever address was not found: links start at the site root
    return [
        {
            "code": code,
            "name": name,
            "url": f"{up}{code}/{target}",
            "absolute": language_url(app.config, code, target),
            "current": code == app.config.language,
        }
        for code, name in app.config.guide_languages.items()
    ]


def add_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    links = page_links(app, pagename)
    context["language_links"] = links
    alternates = [(link["code"], link["absolute"]) for link in links]
    alternates.append(("x-default", links[0]["absolute"]))
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<link rel="alternate" hreflang="{code}" href="{escape(url)}">' for code, url in alternates
    )


def setup(app: Sphinx) -> ExtensionMetadata:
    # it sets their per-language settings: the 404 page's prefix, the Open Graph site URL
    app.setup_extension("notfound.extension")
    app.setup_extension("sphinxext.opengraph")
    app.add_config_value("guide_languages", {"en": "English"}, "env", types=[dict])
    app.add_config_value("guide_base_url", "https://example.org/{language}/", "env", types=[str])
    app.connect("config-inited", set_base_url)
    app.connect("html-page-context", add_page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
