"""ext/template_cache.py: compiled templates are reused until their source changes."""

from sphinx.testing.util import SphinxTestApp


def test_templates_come_from_the_cache_until_their_source_changes(tmp_path):
    source = tmp_path / "src"
    (source / "_templates").mkdir(parents=True)
    (source / "conf.py").write_text(
        "extensions = ['ext.template_cache']\ntemplates_path = ['_templates']\nhtml_theme = 'basic'\n"
    )
    (source / "index.rst").write_text("Title\n=====\n")

    def build(mark):
        (source / "_templates" / "layout.html").write_text(
            f'{{% extends "!layout.html" %}}{{% block footer %}}{mark}{{% endblock %}}'
        )
        app = SphinxTestApp(srcdir=source, builddir=tmp_path / "build", exception_on_warning=True)
        try:
            app.build()
        finally:
            app.cleanup()
        cached = {path: path.stat().st_mtime_ns for path in (tmp_path / "build" / "doctrees" / "jinja").iterdir()}
        return cached, (tmp_path / "build" / "html" / "index.html").read_text(encoding="utf-8")

    first, page = build("first")
    assert first and "first" in page
    again, _ = build("first")
    assert again == first  # every template loaded from the cache: none compiled, none written
    _, page = build("second")
    assert "second" in page  # a changed template is compiled anew, never served stale
