"""The project's Sphinx extensions, one job each (conf.py lists them as `ext.<module>`).

The build pipeline
------------------

Every language is built by its own sphinx-build (tools/site.py), from the same conf.py: the
same extensions register the same handlers for an English and for a Vietnamese build; what
differs is what a handler does once it sees the language. Below, for each Sphinx event in the
order Sphinx emits them, every handler of ext/ in the order it runs: its priority (lower runs
first; handlers of equal priority run in the order conf.py loads their extensions), its
`module.function`, and why it runs there. Handlers of other packages are named where the order
depends on them. tests/ext/test_pipeline.py fails when the registrations differ from this list:
change both together.

At setup, before any event: myst_i18n_speed replaces three MyST and Sphinx internals (the
set-up of each translated message's parse made once, Locale's second parse of a paragraph
reused); plain_substitutions replaces MyST's substitution renderer (no Jinja2 runs);
smartquotes_vi gives docutils Vietnamese quotes; sitemap_serial disconnects sphinx-sitemap's
builder-inited handler, which it replaces; glossary_table and traceback_finder add their
directives and nodes; search_scope replaces Sphinx's English search language (capitalised stop
words out of the index). Sphinx has loaded its interface catalog by then, from no folder: conf.py
leaves locale_dirs empty.

config-inited
  500 languages.set_base_url            html_baseurl, Open Graph's site URL and the 404 page's
                                        prefix of the language built.
  500 search_vi.add_page_script         vi: each page loads highlight-vi.js; en: nothing.
  500 source_links.set_theme_options    Furo's edit button (a translated page's is replaced by
                                        its catalog's in html-page-context).
  790 catalog_guard.refuse_committed_state  stops the build if git tracks the doctree folder,
                                        before the guard (800) or Sphinx reads anything in it.
  800 catalog_guard.guard_catalogs      vi: checks every catalog, compiles what passed into the
                                        doctree folder and points locale_dirs there, reloads the
                                        interface catalog; after Sphinx's own handlers of 800
                                        (registered first). en: nothing.
  900 interface_i18n.write_search_messages  vi: sphinx.js beside the sphinx.mo that the guard
                                        (800) compiled; en: nothing.

builder-inited
  500 interface_i18n.translate_identity  the title, project and copyright through the checked
                                        interface catalog, after the builder has fingerprinted
                                        its settings (a rebuild stays a no-change rebuild).
  500 theme_templates.patch_templates   Furo's templates, fixed before Jinja compiles them.
  500 hosting.store_policy              the Content-Security-Policy, with the hash of Furo's
                                        inline script.
  500 search_vi.write_page_script       vi: _static/highlight-vi.js, before any page links it.
  500 template_cache.use_cache          Jinja's bytecode cache, next to the doctrees.
  500 sitemap_serial.gather_links       sphinx-sitemap's queue, a plain one in a serial build.
  500 search_scope.write_titles_readers_reach  the search index's titles, without those no
                                        query reaches as a title.
  600 preview_reload.allow_reload       the preview's reload script, added to the policy that
                                        hosting.store_policy (500) made.

env-get-outdated
  500 rebuilds.note_navigation          the titles and toctrees before any page is read again.

transforms (each page, as it is read: docutils transforms, by default_priority)
    5 code_comments.MakeTranslatable    before Sphinx collects (10) and applies (20) messages.
    5 tab_labels.GiveTabLabelsASource   before Locale (20), which skips nodes without a source.
   21 code_comments.TranslateCode       vi: each comment and docstring of a code block, right
                                        after Locale (20); en: nothing to translate.
  990 tab_labels.TranslateTabList       after every i18n transform has read the labels.

doctree-read
  500 snippets_only.check_code_blocks   every code block comes from snippets/ (-W: fails).
  500 search_scope.index_what_readers_search  recorded output, captions and Python blocks out
                                        of the index; each Python block's library names noted.

env-updated
  500 rebuilds.rewrite_all_if_navigation_changed  every page again if a title or toctree
                                        changed since env-get-outdated.

write-started
  500 rebuilds.delete_removed_pages     the HTML of pages that are gone.

doctree-resolved (each page, as it is written)
  500 hosting.drop_translated_marks     no i18n bookkeeping in the head (vi).
  500 search_scope.add_search_names     HTML: the page's keywords tag of library names, which
                                        the index reads; here, after Locale, no message.

html-page-context (each page, as it is written)
  400 og_description.describe           the page's own description, before sphinxext-opengraph
                                        (500) writes og:description from it.
  500 languages.add_page_context        the language switcher and hreflang links.
  500 interface_i18n.describe_search_page  the search page's description.
  500 traceback_finder.add_script       the finder's script, on its page only.
  500 search_vi.leave_search_page       vi: the search page has highlight-vi.js in
                                        language_data.js already.
  500 page_assets.select_assets         no copy-button or Pygments assets on a page without
                                        code.
  500 source_links.add_links            edit link (vi: the page's catalog) and footer links.
  900 accessibility.fix_page            after Furo's handler (500) has built the navigation:
                                        captions get aria-level, scrolling blocks a tabindex.
 1000 hosting.add_headers               last: the policy and referrer meta tags, once every
                                        other handler has changed the head.

html-collect-pages
  900 rebuilds.complete_search_index    once the pages are written, after the other extensions'
                                        (notfound's 404, at 500): the search index completed
                                        with the pages not written again.

build-finished
  400 rebuilds.list_every_page          every page into sphinx-sitemap's queue before it writes
                                        the sitemap (500).
  500 interface_i18n.translate_copybutton  vi: the copy button's messages into copybutton.js.
  500 rebuilds.read_everything_after_warnings  a build that warned drops its saved environment:
                                        the next one reads every page and warns again.
  900 page_assets.minify_static         the static files minified, after every other change
                                        to them (interface_i18n, 500); then Furo's stylesheet
                                        without the rules of what no page shows, once every
                                        page is written.
"""
