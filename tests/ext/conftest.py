"""Each extension is tested on a small Sphinx project of its own, built in this process."""

import shutil

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.docutils import patch_docutils


@pytest.fixture
def project(tmp_path):
    """project(conf, {path: text}) -> build(language="en") -> (app, warnings, {page: html})."""

    def make(conf, files):
        source = tmp_path / "src"
        if source.exists():
            shutil.rmtree(source)
        source.mkdir()
        (source / "conf.py").write_text(conf, encoding="utf-8")
        for name, text in files.items():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            (source / name).write_text(text, encoding="utf-8")

        def build(language="en"):
            # as sphinx-build does: docutils, which has no Vietnamese of its own, does not warn
            # that it has none (once per process: a test's result would depend on the order)
            with patch_docutils(source):
                app = SphinxTestApp("html", srcdir=source, builddir=tmp_path / "build" / language,
                                    confoverrides={"language": language})
                try:
                    app.build()
                finally:
                    app.cleanup()
            pages = {p.name: p.read_text(encoding="utf-8") for p in app.outdir.glob("*.html")}
            return app, app.warning.getvalue(), pages

        return build

    return make

