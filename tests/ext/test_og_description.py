"""ext/og_description.py: a page's social preview (og:description) is the description of its
front matter, escaped; a page without one keeps sphinxext-opengraph's excerpt."""

CONF = """\
extensions = ['myst_parser', 'sphinxext.opengraph', 'ext.og_description']
ogp_site_url = 'https://example.org/'
"""
DESCRIBED = """\
---
myst:
  html_meta:
    description: "Fix it in a Celery task: the \\"app\\" & <b>its</b> context."
---

# Celery

You call `.delay()` on a task.

```{toctree}
plain
```
"""
FILES = {"index.md": DESCRIBED, "plain.md": "# Plain\n\nYou call `.delay()` on a task.\n"}


def og_description(page):
    tag = '<meta property="og:description" content="'
    start = page.index(tag) + len(tag)
    return page[start:page.index('"', start)]


def test_a_page_is_previewed_with_its_own_description(project):
    app, warnings, pages = project(CONF, FILES)()
    assert warnings == ""
    escaped = "Fix it in a Celery task: the &quot;app&quot; &amp; &lt;b&gt;its&lt;/b&gt; context."
    assert og_description(pages["index.html"]) == escaped
    assert og_description(pages["plain.html"]) == "You call.delay() on a task."  # the excerpt, as before
