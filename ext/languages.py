"""One site, several languages: links between them and checks on their catalogs.

- Each page gets a switcher (``language_links`` for ``sidebar/languages.html``) that points to
  the same page in every language, and ``<link rel="alternate" hreflang>`` tags for search
  engines, x-default being the source language.
- ``html_baseurl`` is ``guide_base_url`` with ``{language}`` filled in: canonical URLs are per
  language.
- The source-language build writes the site root: ``index.html`` sends a visitor to the
  language the browser prefers and, without JavaScript, shows a link to each language;
  ``sitemap.xml`` lists each language's sitemap; ``robots.txt`` points to it.
- Before a translated build, every ``.po`` file of that language is checked strictly: Sphinx
  reads catalogs with babel, which only prints its complaints and even accepts an unclosed
  string (dropping its last character), so a broken catalog would build without a warning.
"""

import hashlib
import json
import re
from html import escape
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po
from sphinx.util import logging

logger = logging.getLogger(__name__)


def source_language(config):
    return next(iter(config.guide_languages))


def language_url(config, code, page=""):
    """The absolute address of a page (or the home) in one language."""
    return config.guide_base_url.format(language=code) + page


def set_base_url(app, config):
    if config.language not in config.guide_languages:
        known = ", ".join(config.guide_languages)
        raise ValueError(f"language {config.language!r} is not one of guide_languages ({known})")
    config.html_baseurl = language_url(config, config.language)
    config.ogp_site_url = config.html_baseurl
    config.notfound_urls_prefix = f"/{config.language}/"  # the 404 page may be served anywhere


# Each line of a .po file: blank, a comment (flags, obsolete entries), a keyword with a string,
# or a string that continues the one above. Strings are closed, their escapes complete.
STRING = r'"(?:[^"\\]|\\.)*"'
PO_LINE = re.compile(
    rf"\s*|#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+{STRING}[ \t]*|{STRING}[ \t]*"
)


def catalog_problem(po):
    """(line, message) of the first problem in a .po file, or None."""
    text = po.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if not PO_LINE.fullmatch(line):
            return number, f"not a comment, keyword or closed string: {line!r}"
    try:
        with po.open("rb") as f:
            read_po(f, abort_invalid=True)  # the order of keywords, duplicates
    except PoFileError as error:  # babel counts lines from 0 and ends its message "on N"
        return error.lineno + 1, str(error).rsplit(" on ", 1)[0]
    return None


def check_catalogs(app):
    """Warn, naming file and line, about any catalog of this language that is broken.

    A sound catalog is remembered by its content, next to the doctrees, so a rebuild checks
    only the catalogs that changed; a broken one is never remembered and warns at every build.
    """
    if app.config.language == source_language(app.config):
        return
    record = Path(app.doctreedir, "sound-catalogs.json")
    try:
        known = set(json.loads(record.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        known = set()
    sound = set()
    for locale_dir in app.config.locale_dirs:
        folder = Path(app.srcdir, locale_dir, app.config.language, "LC_MESSAGES")
        for po in sorted(folder.resolve().glob("**/*.po")):
            digest = hashlib.sha256(po.read_bytes()).hexdigest()
            problem = None if digest in known else catalog_problem(po)
            if problem:
                line, message = problem
                logger.warning("broken catalog: %s", message, location=f"{po}:{line}", type="i18n")
            else:
                sound.add(digest)
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(sorted(sound)), encoding="utf-8")


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


def add_page_context(app, pagename, templatename, context, doctree):
    links = page_links(app, pagename)
    context["language_links"] = links
    alternates = [(link["code"], link["absolute"]) for link in links]
    alternates.append(("x-default", links[0]["absolute"]))
    metatags = context.get("metatags", "") + "".join(
        f'\n<link rel="alternate" hreflang="{code}" href="{escape(url)}">'
        for code, url in alternates
    )
    if pagename == "search":  # Sphinx's page has no description of its own
        description = app.translator.gettext("Search the guide to Flask's application context error.")
        metatags += f'\n<meta name="description" content="{escape(description)}">'
    context["metatags"] = metatags


ROOT_PAGE = """<!DOCTYPE html>
<html lang="{default}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<meta name="description" content="{title}">
<link rel="icon" href="{default}/_static/favicon.svg">
{alternates}
<script>
(function () {{
  var have = {codes};
  var wanted = navigator.languages || [navigator.language || ""];
  var pick = have[0];
  for (var i = 0; i < wanted.length; i++) {{
    var code = String(wanted[i]).toLowerCase().split("-")[0];
    if (have.indexOf(code) >= 0) {{ pick = code; break; }}
  }}
  location.replace(pick + "/index.html" + location.hash);
}})();
</script>
</head>
<body>
<main>
<h1>{title}</h1>
<ul>
{links}
</ul>
</main>
</body>
</html>
"""


def write_root_page(app, exception):
    """The site root: the language chooser, written by the source-language build."""
    if exception or app.builder.format != "html":
        return
    if app.config.language != source_language(app.config):
        return
    languages = app.config.guide_languages
    site = app.config.guide_base_url.partition("{language}/")[0]  # the folder above them all
    page = ROOT_PAGE.format(
        default=source_language(app.config),
        title=escape(app.config.html_title),
        codes="[" + ", ".join(f'"{code}"' for code in languages) + "]",
        alternates="\n".join(
            f'<link rel="alternate" hreflang="{code}" href="{language_url(app.config, code)}">'
            for code in languages
        ),
        links="\n".join(
            f'<li><a href="{code}/index.html" hreflang="{code}" lang="{code}">{escape(name)}</a></li>'
            for code, name in languages.items()
        ),
    )
    root = Path(app.outdir).parent
    root.joinpath("index.html").write_text(page, encoding="utf-8")
    # Each language's build writes its sitemap (sphinx-sitemap); the root lists them.
    sitemaps = [language_url(app.config, code, "sitemap.xml") for code in languages]
    root.joinpath("sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "".join(f"  <sitemap><loc>{url}</loc></sitemap>\n" for url in sitemaps)
        + "</sitemapindex>\n",
        encoding="utf-8",
    )
    root.joinpath("robots.txt").write_text(
        f"User-agent: *\nAllow: /\n\nSitemap: {site}sitemap.xml\n", encoding="utf-8"
    )


def setup(app):
    app.add_config_value("guide_languages", {"en": "English"}, "env", types=[dict])
    app.add_config_value("guide_base_url", "https://example.org/{language}/", "env", types=[str])
    app.connect("config-inited", set_base_url)
    app.connect("builder-inited", check_catalogs)
    app.connect("html-page-context", add_page_context)
    app.connect("build-finished", write_root_page)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
