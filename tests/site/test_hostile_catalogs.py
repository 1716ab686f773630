"""A translation is data: the build itself refuses a catalog that could run code, inject markup,
send readers elsewhere or silently show English, naming the catalog and the line.

Each test builds a small copy of the project in Vietnamese with one hostile or broken catalog,
as a pull request from a stranger would bring it, and checks three things: the build fails with
a message naming the file and line, nothing the payload asks for ran (a canary file stays
absent), and nothing of it reached the pages.
"""

import pytest
from babel.messages.mofile import read_mo

from tools.site import build, start_build

pytestmark = pytest.mark.site

PAGE = """\
# A page

Some text on Flask {{ flask_lines }}.

See [the other page](other.md) and {doc}`other`.

```{literalinclude} ../snippets/example.py
:language: python
```
"""
EXAMPLE = '"""Says hello."""\n\nprint("hello")  # greet the reader\n'
GOOD = {
    "A page": "Một trang",
    "Some text on Flask {{ flask_lines }}.": "Vài dòng về Flask {{ flask_lines }}.",
    "See [the other page](other.md) and {doc}`other`.": "Xem [trang kia](other.md) và {doc}`other`.",
    "Says hello.": "Chào hỏi.",
    "greet the reader": "chào người đọc",
}
OTHER_PAGE = "---\norphan: true\n---\n# Other\n\nMore text.\n"
OTHER = {"Other": "Trang kia", "More text.": "Thêm chữ."}
COMPILED = "out/doctrees/vi/catalogs/vi/LC_MESSAGES"  # where the build compiles the checked catalogs


@pytest.fixture
def make(tmp_path, small_project):
    """make(index={msgid: msgstr}, other=..., interface=..., pages=...) -> the project's root."""
    return lambda **changes: project(tmp_path, small_project, **changes)


def project(tmp_path, small_project, index=None, other=OTHER, interface=None, pages=None):
    catalogs = {"index": {**GOOD, **(index or {})}}
    if other is not None:
        catalogs["other"] = other
    if interface is not None:
        catalogs["sphinx"] = interface
    return small_project(
        tmp_path / "project",
        pages=pages or {"index": PAGE, "other": OTHER_PAGE},
        snippets={"example.py": EXAMPLE},
        catalogs=catalogs,
    )


def line_of(catalog, msgid):
    """The line of a message's msgid in a catalog file."""
    quoted = f'msgid "{msgid}"'
    lines = catalog.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(quoted[:40]))


def build_vi(project):
    code, warnings = build(project, "vi", project.parent / "out")
    pages = {p.name: p.read_text(encoding="utf-8") for p in (project.parent / "out/html/vi").glob("*.html")}
    return code, warnings, pages


def test_the_good_catalogs_build(make):
    code, warnings, pages = build_vi(make())
    assert (code, warnings) == (0, "")
    assert "Vài dòng về Flask" in pages["index.html"] and "chào người đọc" in pages["index.html"]


@pytest.mark.parametrize(
    ("msgid", "msgstr", "reason", "payload"),
    [
        # a Jinja expression in a substitution: MyST would evaluate it while building
        ("Some text on Flask {{ flask_lines }}.",
         "Flask {{ cycler.__init__.__globals__.os.system('touch CANARY') }}.", "substitution", "cycler"),
        ("A page", "Trang <script>alert(1)</script>", "html inline", "<script>alert(1)"),
        ("A page", "Trang <img src=x onerror=alert(1)>", "html inline", "onerror"),
        ("A page", "<iframe src=https://evil.example/></iframe>", "html", "<iframe"),
        ("See [the other page](other.md) and {doc}`other`.",
         "Xem [trang kia](javascript:alert(1)) và {doc}`other`.", "drops link 'other.md'", "javascript:"),
        ("See [the other page](other.md) and {doc}`other`.",
         "Xem <https://evil.example/> và [trang kia](other.md), {doc}`other`.",
         "https://evil.example/", "evil.example"),
        ("See [the other page](other.md) and {doc}`other`.",
         "Xem [trang kia](other.md) và {doc}`index`.", "{doc}`index`", None),
        ("A page", "Trang {download}`/etc/passwd`", "{download}`/etc/passwd`", "passwd"),
        ("A page", "Trang ![logo](https://evil.example/x.png)", "image", "evil.example"),
        ("greet the reader", "chào\nimport os; os.system('touch CANARY')", "line break", "import os"),
        ("Says hello.", "Chào\n\nimport os", "line break", "import os"),
    ],
)
def test_a_hostile_page_message_is_refused(make, tmp_path, msgid, msgstr, reason, payload):
    canary = tmp_path / "CANARY"  # what a payload that ran would create, wherever the build runs
    project = make(index={msgid: msgstr.replace("CANARY", str(canary))})
    code, warnings, pages = build_vi(project)
    catalog = project / "locale/vi/LC_MESSAGES/index.po"
    assert code != 0
    assert f"index.po:{line_of(catalog, msgid)}: WARNING: translation refused" in warnings, warnings
    assert reason in warnings, warnings
    assert not canary.exists()
    if payload:
        assert all(payload not in html for html in pages.values())


def test_a_hostile_interface_message_is_refused(make):
    project = make(interface={"Search": "<script>alert(1)</script>Tìm", "Languages": "Ngôn ngữ"})
    code, warnings, pages = build_vi(project)
    catalog = project / "locale/vi/LC_MESSAGES/sphinx.po"
    assert code != 0
    assert f"sphinx.po:{line_of(catalog, 'Search')}: WARNING: translation refused" in warnings
    assert all("alert(1)" not in html for html in pages.values())
    assert "Ngôn ngữ" in pages["index.html"]  # the sound messages of the catalog are used


def test_a_search_message_that_drops_its_placeholder_is_refused(make):
    message = "Search finished, found ${resultCount} page(s) matching the search query."
    project = make(interface={message: "Đã tìm xong."})
    code, warnings, _ = build_vi(project)
    assert code != 0 and "placeholders" in warnings and "sphinx.po:" in warnings


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda text: text.replace("charset=UTF-8", "charset=CHARSET"), "Content-Type"),
        (lambda text: text.replace('"Plural-Forms: nplurals=1; plural=0;\\n"\n', ""), "Plural-Forms"),
        (lambda text: "\ufeff" + text, "byte order mark"),
        (lambda text: text + '\nmsgid "A page"\nmsgstr "Trang khác"\n', "already in the catalog"),
        (lambda text: text + '\nmsgid "Other text."\nmsgstr "không đóng\n', "not a comment, keyword or closed string"),
    ],
)
def test_a_broken_catalog_is_refused_every_time_with_its_line(make, damage, reason):
    project = make()
    catalog = project / "locale/vi/LC_MESSAGES/index.po"
    catalog.write_text(damage(catalog.read_text(encoding="utf-8")), encoding="utf-8")
    for _ in range(2):  # the second build finds it as broken as the first: nothing is left cached
        code, warnings, pages = build_vi(project)
        assert code != 0
        assert "index.po:" in warnings and "broken catalog, not used" in warnings and reason in warnings
        assert "Some text on Flask" in pages["index.html"]  # English, never half a catalog
    with (project.parent / COMPILED / "index.mo").open("rb") as compiled:
        assert [m.id for m in read_mo(compiled) if m.id] == []  # compiled empty: nothing half-read


def test_a_catalog_of_no_page_and_a_page_without_catalog_are_reported(make):
    project = make(other=None)
    (project / "locale/vi/LC_MESSAGES/gone.po").write_text(
        (project / "locale/vi/LC_MESSAGES/index.po").read_text(encoding="utf-8"), encoding="utf-8")
    code, warnings, _ = build_vi(project)
    assert code != 0
    assert "gone.po:1: WARNING: this catalog belongs to no page" in warnings
    assert "other.md:1: WARNING: no vi catalog for this page" in warnings


def test_a_substitution_expression_is_refused_in_english_too(make, tmp_path):
    canary = tmp_path / "CANARY"
    page = PAGE.replace("{{ flask_lines }}", f"{{{{ cycler.__init__.__globals__.os.system('touch {canary}') }}}}")
    project = make(pages={"index": page, "other": OTHER_PAGE})
    code, warnings = build(project, "en", project.parent / "out")
    assert code != 0
    assert "index.md:3: WARNING: substitution" in warnings and "is not one of the configured names" in warnings
    assert not canary.exists()


def test_a_language_build_writes_only_inside_its_output_folder(make, tmp_path):
    project = make()
    out = tmp_path / "somewhere" / "en"
    out.parent.mkdir()
    (out.parent / "index.html").write_text("mine", encoding="utf-8")
    process = start_build("en", out, tmp_path / "doctrees", root=project)
    assert process.communicate()[1] == "" and process.returncode == 0
    assert sorted(p.name for p in out.parent.iterdir()) == ["en", "index.html"]
    assert (out.parent / "index.html").read_text(encoding="utf-8") == "mine"


# -- Issue 25: the interface catalog, compiled catalogs, links, sizes, crashes ---------------------


def test_a_second_plural_forms_line_is_refused_and_never_runs(make):
    """babel keeps the last Plural-Forms line; the search page wrote it into translations.js."""
    project = make(interface={"Searching": "Đang tìm"})
    catalog = project / "locale/vi/LC_MESSAGES/sphinx.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('"Plural-Forms: nplurals=1; plural=0;\\n"\n',
                                    '"Plural-Forms: nplurals=1; plural=0;\\n"\n'
                                    '"Plural-Forms: nplurals=1; plural=(n)=>(n)(0)||alert(1);\\n"\n'), encoding="utf-8")
    line = catalog.read_text(encoding="utf-8").splitlines().index(
        '"Plural-Forms: nplurals=1; plural=(n)=>(n)(0)||alert(1);\\n"') + 1
    code, warnings, pages = build_vi(project)
    assert code != 0
    assert f"sphinx.po:{line}: WARNING: broken catalog, not used: Plural-Forms is declared twice" in warnings
    script = (project.parent / "out/html/vi/_static/translations.js").read_text(encoding="utf-8")
    assert "alert" not in script and "Đang tìm" not in script  # a broken catalog is not used at all


def test_an_interface_string_cannot_leave_its_attribute(make):
    """Furo writes "Search" into the search box's placeholder and aria-label attributes."""
    project = make(interface={"Search": 'Tìm" autofocus onfocus="alert(1)', "Languages": "Ngôn ngữ"})
    code, warnings, pages = build_vi(project)
    catalog = project / "locale/vi/LC_MESSAGES/sphinx.po"
    assert code != 0
    assert f"sphinx.po:{line_of(catalog, 'Search')}: WARNING: translation refused" in warnings
    assert "a double quote" in warnings
    assert all("onfocus" not in html for html in pages.values())
    assert "Ngôn ngữ" in pages["index.html"]


def test_a_compiled_catalog_in_the_repository_is_never_used(make):
    """A crafted .mo newer than its .po was used by rebuilds (nox -s docs twice, nox -s serve):
    now no build reads a .mo of the repository, the first or the tenth."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    project = make()
    crafted = Catalog(locale="vi")
    crafted.add("A page", "Trang <script>alert(1)</script>")
    for _ in range(2):
        with (project / "locale/vi/LC_MESSAGES/index.mo").open("wb") as f:
            write_mo(f, crafted)
        code, warnings, pages = build_vi(project)
        assert (code, warnings) == (0, "")
        assert "Một trang" in pages["index.html"] and "alert(1)" not in pages["index.html"]


def test_a_catalog_linked_to_a_file_elsewhere_is_refused(make, tmp_path):
    project = make()
    secret = tmp_path / "secret.po"
    catalog = project / "locale/vi/LC_MESSAGES/index.po"
    secret.write_text(catalog.read_text(encoding="utf-8").replace("Một trang", "SECRET-CONTENT"), encoding="utf-8")
    catalog.unlink()
    catalog.symlink_to(secret)
    code, warnings, pages = build_vi(project)
    assert code != 0
    assert "index.po:1: WARNING: broken catalog, not used:" in warnings and "is a symbolic link" in warnings
    assert "SECRET-CONTENT" not in warnings and all("SECRET-CONTENT" not in html for html in pages.values())


def test_a_duplicate_header_line_is_named_without_a_traceback(make):
    """It ended in a traceback and a 0-byte .mo."""
    project = make(interface={"Searching": "Đang tìm"})
    catalog = project / "locale/vi/LC_MESSAGES/sphinx.po"
    lines = catalog.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(n for n, line in enumerate(lines) if line.startswith('"Content-Type:'))
    lines.insert(first + 1, lines[first])
    catalog.write_text("".join(lines), encoding="utf-8")
    code, warnings, _ = build_vi(project)
    assert code != 0 and "Traceback" not in warnings and "Exception occurred" not in warnings
    assert f"sphinx.po:{first + 2}: WARNING: broken catalog, not used: Content-Type is declared twice" in warnings
    assert not list((project / "locale/vi/LC_MESSAGES").glob("*.mo"))  # nothing written beside the catalogs
    assert (project.parent / COMPILED / "sphinx.mo").stat().st_size > 0  # an empty catalog, whole


def test_build_state_that_came_with_the_sources_is_refused(make):
    """Read the Docs keeps the doctrees in the clone's _build/: a pull request that adds the
    guard's record and a crafted compiled catalog there (or Sphinx's pickled environment) must
    not be read."""
    import subprocess

    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    project = make()
    html, doctrees = project / "_build/html/vi", project / "_build/doctrees/vi"
    process = start_build("vi", html, doctrees, root=project)
    assert process.communicate()[1] == "" and process.returncode == 0
    crafted = Catalog(locale="vi")
    crafted.add("A page", "Trang <script>alert(1)</script>")
    with (doctrees / "catalogs/vi/LC_MESSAGES/index.mo").open("wb") as f:
        write_mo(f, crafted)
    (html / "index.html").unlink()
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    subprocess.run(["git", "-C", str(project), "add", "-f", "_build/doctrees"], check=True)
    process = start_build("vi", html, doctrees, root=project)
    warnings = process.communicate()[1]
    assert process.returncode != 0
    assert "the repository holds the build's own state (_build/doctrees/vi/" in warnings, warnings
    assert not (html / "index.html").exists()
