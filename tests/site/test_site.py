"""The built site, both languages, exactly as `nox -s docs` builds it."""

import ast
import io
import os
import pickle
import re
import subprocess
import tokenize
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import polib
import pytest
from bs4 import BeautifulSoup
from docutils import nodes

from ext.code_comments import docstring_messages
from harness.project import GUIDE, LANGUAGES, ROOT, SNIPPETS, literal_blocks, literal_blocks_outside
from tools.weight import BUDGET, page_weight

pytestmark = pytest.mark.site


def pages(site, language):
    folder = site / "html" / language
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*.html"))}


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_languages_have_the_same_pages(site):
    english = set(pages(site, LANGUAGES[0]))
    for language in LANGUAGES[1:]:
        assert set(pages(site, language)) == english


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_declares_its_language(site, language):
    for name, path in pages(site, language).items():
        assert soup(path).html["lang"] == language, name


def test_vietnamese_home_page_is_translated(site):
    catalog = polib.pofile(str(ROOT / "locale/vi/LC_MESSAGES/index.po"))
    page = soup(site / "html/vi/index.html")
    title = page.h1.get_text().rstrip("¶")
    msgstr = catalog.find('Fix "Working outside of application context" in Flask').msgstr
    assert title == msgstr.replace('"', "“", 1).replace('"', "”", 1)  # curly, as in English
    english = soup(site / "html/en/index.html").h1.get_text()
    assert [c for c in title if c in "\"“”"] == [c for c in english if c in "\"“”"] == ["“", "”"]
    assert "ngữ cảnh ứng dụng" in page.get_text()


@pytest.mark.parametrize("language", LANGUAGES)
def test_switcher_goes_to_the_same_page_in_each_language(site, language):
    for name, path in pages(site, language).items():
        links = soup(path).select("nav.sidebar-languages a")
        assert [link["hreflang"] for link in links] == LANGUAGES, name
        for link in links:
            href = link["href"]  # root-relative on the 404 page, which is served anywhere
            target = (site / "html" / href.lstrip("/") if href.startswith("/") else path.parent / href).resolve()
            assert target == (site / "html" / link["hreflang"] / name).resolve(), name
            assert target.is_file(), name
        current = [link["hreflang"] for link in links if link.get("aria-current") == "page"]
        assert current == [language], name


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_names_its_translations_for_search_engines(site, language):
    for name, path in pages(site, language).items():
        alternates = {
            link["hreflang"]: link["href"] for link in soup(path).select('link[rel="alternate"]')
        }
        expected = {code: GUIDE["base_url"].format(language=code) + name for code in LANGUAGES}
        expected["x-default"] = expected[LANGUAGES[0]]
        assert alternates == expected, name
        canonical = soup(path).select_one('link[rel="canonical"]')["href"]
        assert canonical == expected[language], name


def test_site_root_sends_visitors_to_a_language(site):
    root = soup(site / "html/index.html")
    links = {link["hreflang"]: link["href"] for link in root.select("a")}
    assert links == {code: f"{code}/index.html" for code in LANGUAGES}
    for href in links.values():
        assert (site / "html" / href).is_file()
    assert root.script["src"] == "choose-language.js" and root.script["data-languages"] == " ".join(LANGUAGES)
    script = (site / "html" / root.script["src"]).read_text(encoding="utf-8")
    assert "navigator.languages" in script and "location.replace" in script
    assert not any(urlsplit(tag.get("src", "")).netloc for tag in root.select("[src]"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_code_block_is_included_from_snippets(site, language):
    doctrees = site / "doctrees" / language
    assert list(doctrees.rglob("*.doctree")), "no doctrees were written"
    assert literal_blocks_outside(SNIPPETS, doctrees) == []


# Files the tests need that no reader copies: Flask-Migrate's generated alembic.ini, plus the
# `script_location` line that lets the bare `alembic` command reach env.py (fix-migrations
# names the file and quotes the error its absence gives).
SHOWN_NOWHERE = {"snippets/fix-migrations/migrations/alembic.ini"}


def test_every_snippet_is_shown_on_a_page(site):
    """A snippet the tests prove but no page shows is a fix or a broken variant readers never
    see (a helper module a page includes counts as shown)."""
    shown = {Path(block["source"]).resolve() for _, block in literal_blocks(site / "doctrees" / LANGUAGES[0])
             if block.get("source")}
    tracked = subprocess.run(
        ["git", "ls-files", "-z", "snippets"], cwd=ROOT, capture_output=True, check=True, text=True
    ).stdout.split("\0")
    files = {(ROOT / name).resolve() for name in tracked if name}
    assert files, "git lists no snippets"
    unshown = {p.relative_to(ROOT).as_posix() for p in files - shown}
    assert sorted(unshown - SHOWN_NOWHERE) == []
    assert SHOWN_NOWHERE <= {p.relative_to(ROOT).as_posix() for p in files}  # kept current


def test_every_snippet_docstring_is_a_message_of_the_catalogs():
    """ext/code_comments.py makes messages of one-line docstrings and comments only: any other
    docstring would stay in English on every translated page. Its summary goes on one line, the
    rest in comments. Only data may be left out: an OpenAPI operation that apispec reads from a
    view's docstring (its YAML after a `---` line)."""
    left_out = []
    for path in sorted(SNIPPETS.rglob("*.py")):
        code = path.read_text(encoding="utf-8")
        messages, tree = docstring_messages(code), ast.parse(code)
        documented = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
        for node in [tree, *(n for n in ast.walk(tree) if isinstance(n, documented))]:
            docstring = ast.get_docstring(node, clean=False)
            if docstring and docstring.strip() not in messages and "\n    ---\n" not in docstring:
                left_out.append(f"{path.relative_to(ROOT)}: {getattr(node, 'name', 'the module')}")
    assert left_out == []


# What each code block's :emphasize-lines: marks, as the English pages show it: the text around a
# block points readers at those lines, and a snippet that gains or loses a line above them moves
# the mark off them with no warning from Sphinx. RECORD_HIGHLIGHTS=1 writes the file again, once
# the page's numbers are checked against what its text describes.
HIGHLIGHTS = Path(__file__).with_name("highlighted-lines.txt")


def highlighted_lines(doctrees):
    """{(page, snippet, n): [(number, text)]}: the lines the n-th block of that snippet on that
    page highlights, numbered as the block shows them (1 is its first line)."""
    found, seen = {}, {}
    for page, block in literal_blocks(doctrees):
        if not block.get("source"):
            continue  # none: test_every_code_block_is_included_from_snippets
        source = Path(block["source"]).resolve().relative_to(ROOT).as_posix()
        n = seen[page, source] = seen.get((page, source), 0) + 1  # as the page shows them
        numbers = block.get("highlight_args", {}).get("hl_lines")
        if not numbers:
            continue
        lines = block.astext().split("\n")
        found[page, source, n] = [(number, lines[number - 1].rstrip()) for number in numbers]
    return found


def highlights_text(found):
    """{block: its lines} as the recording writes it: each block's name ("[page] snippet", "#n"
    after it for the n-th block of a snippet on a page, n > 1), then its lines, "number: text"."""
    out = []
    for (page, source, n), lines in sorted(found.items()):
        out.append(f"[{page}] {source}" + (f" #{n}" if n > 1 else ""))
        out.extend(f"{number:>4}: {text}".rstrip() for number, text in lines)
    return "\n".join(out) + "\n"


def highlight_blocks(text):
    """{block's name: its lines' text} of a recording that highlights_text() wrote."""
    blocks = {}
    for line in text.splitlines():
        if line.startswith("["):
            name = line
            blocks[name] = []
        else:
            blocks[name].append(line)
    return blocks


def test_highlighted_lines_still_mark_what_they_marked(site):
    found = highlighted_lines(site / "doctrees" / LANGUAGES[0])
    assert found, "no code block highlights a line"
    text = highlights_text(found)
    if os.environ.get("RECORD_HIGHLIGHTS"):
        HIGHLIGHTS.write_text(text, encoding="utf-8")
        return
    recorded, built = highlight_blocks(HIGHLIGHTS.read_text(encoding="utf-8")), highlight_blocks(text)
    changed = [
        "\n".join([name, "  recorded:", *recorded.get(name, ["    (no such block)"]),
                   "  now:", *built.get(name, ["    (no such block)"])])
        for name in sorted(recorded.keys() | built.keys()) if recorded.get(name) != built.get(name)
    ]
    assert not changed, (
        f"the lines these code blocks highlight now read otherwise than {HIGHLIGHTS.name} recorded: check "
        "each page's :emphasize-lines: against what its text says of them, then record with "
        "RECORD_HIGHLIGHTS=1\n" + "\n".join(changed)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_caption_that_names_a_file_names_the_file_it_shows(site, language):
    """A caption is Markdown: `userlist/__init__.py` unescaped would show as userlist/init.py."""
    wrong = []
    for path in sorted((site / "doctrees" / language).rglob("*.doctree")):
        for container in pickle.loads(path.read_bytes()).findall(nodes.container):
            children = container.children
            captions = [node.astext() for node in children if isinstance(node, nodes.caption)]
            blocks = [node for node in children if isinstance(node, nodes.literal_block)]
            sources = [Path(node.get("source", "")).as_posix() for node in blocks]
            if captions and sources and " " not in captions[0] and not sources[0].endswith(captions[0]):
                wrong.append(f"{path.stem}: {captions[0]} shows {sources[0]}")
    assert wrong == []


def docstring_places(text):
    """(line, column) of each one-line docstring of a Python block, found with ast: the first
    statement of the module, a function or a class, when it is a string."""
    places = set()
    for node in ast.walk(ast.parse(text)):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and body:
            first = body[0]
            string = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
            if string and isinstance(first.value.value, str) and first.lineno == first.end_lineno:
                places.add((first.lineno, first.col_offset))
    return places


def split_prose(text, language="python"):
    """(code, prose) of a block, read here apart from the extension that translates them: for
    Python, its tokens and its comments and one-line docstrings; for TOML, its lines and its
    whole-line comments."""
    if language == "toml":
        lines = text.split("\n")
        prose = [line.strip()[1:].strip() for line in lines if line.strip().startswith("#")]
        return [line for line in lines if not line.strip().startswith("#")], [p for p in prose if p]
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    places = docstring_places(text)
    docstrings = {t for t in tokens if t.type == tokenize.STRING and t.start in places and t.string.startswith('"""')}
    code = [(t.type, t.string) for t in tokens if t.type != tokenize.COMMENT and t not in docstrings]
    prose = [t.string.lstrip("#").strip() for t in tokens if t.type == tokenize.COMMENT or t in docstrings]
    prose = [text[3:-3].strip() if text.startswith('"""') else text for text in prose]
    return code, [text for text in prose if text and not text.startswith(("noqa", "type:", "pragma", "fmt:"))]


PROSE_LANGUAGES = ("python", "toml")  # the blocks whose comments the pages translate


def prose_blocks(site, language, page):
    doctree = pickle.loads((site / "doctrees" / language / f"{page}.doctree").read_bytes())
    return [b for b in doctree.findall(nodes.literal_block) if b.get("language") in PROSE_LANGUAGES]


def test_translated_code_differs_from_the_snippet_only_in_its_comments_and_docstrings(site):
    english, vietnamese = LANGUAGES[0], "vi"
    pages = sorted(p.stem for p in (site / "doctrees" / english).glob("*.doctree"))
    compared = 0
    for page in pages:
        catalog = {
            e.msgid: e.msgstr
            for e in polib.pofile(str(ROOT / "locale/vi/LC_MESSAGES" / f"{page}.po"))
            if e.msgstr and "fuzzy" not in e.flags
        }
        for source, translated in zip(
            prose_blocks(site, english, page), prose_blocks(site, vietnamese, page), strict=True
        ):
            snippet_text = Path(source["source"]).read_text(encoding="utf-8")
            assert source.astext() in snippet_text, page  # the English block is the snippet
            source_code, source_prose = split_prose(source.astext(), source["language"])
            translated_code, translated_prose = split_prose(translated.astext(), translated["language"])
            assert translated_code == source_code, page
            assert translated_prose == [catalog.get(text, text) for text in source_prose], page
            compared += 1
    assert compared > 10


def test_vietnamese_code_blocks_keep_no_english_prose(site):
    """Every comment and docstring of every code block on a Vietnamese page is translated (found
    here apart from the extension that translates them), and no other block has a comment that
    nothing would translate."""
    left, untranslatable = [], []
    for page in sorted(p.stem for p in (site / "doctrees" / "en").glob("*.doctree")):
        for source, translated in zip(prose_blocks(site, "en", page), prose_blocks(site, "vi", page), strict=True):
            english = split_prose(source.astext(), source["language"])[1]
            vietnamese = split_prose(translated.astext(), translated["language"])[1]
            left += [(page, e) for e, v in zip(english, vietnamese, strict=True) if e == v]
        doctree = pickle.loads((site / "doctrees" / "vi" / f"{page}.doctree").read_bytes())
        untranslatable += [
            (page, block.get("language"), line)
            for block in doctree.findall(nodes.literal_block)
            if block.get("language") not in PROSE_LANGUAGES
            for line in block.astext().splitlines()
            if re.match(r"\s*(\$ )?#\s", line)
        ]
    assert left == []
    assert untranslatable == []


WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
NAMES = {"Sphinx", "Furo", "pradyunsg", "flask-app-context-guide"}  # the same in every language


def test_vietnamese_titles_brand_and_footer_are_vietnamese(site):
    """The site's title (the sidebar brand, every <title>, the whole home <title>), its name
    and the footer come from sphinx.po: no page shows the English ones."""
    interface = polib.pofile(str(ROOT / "locale/vi/LC_MESSAGES/sphinx.po"))
    brand = interface.find(GUIDE["title"]).msgstr
    assert brand and brand != GUIDE["title"]
    assert "Working outside of application context" in brand  # the words readers search for
    for name, path in pages(site, "vi").items():
        page, english = soup(path), soup(site / "html" / "en" / name)
        title = page.head.title.get_text()
        assert title == brand or title.endswith(f" - {brand}"), name
        assert title != english.head.title.get_text(), name
        assert page.select_one(".sidebar-brand-text").get_text().strip() == brand, name
        site_name = page.select_one('meta[property="og:site_name"]')
        if site_name is not None:
            assert site_name["content"] != english.select_one('meta[property="og:site_name"]')["content"], name
        footer = WORDS.findall(page.select_one("footer .bottom-of-page").get_text())  # not the page links
        english_footer = WORDS.findall(english.select_one("footer .bottom-of-page").get_text())
        assert set(footer) & set(english_footer) <= NAMES, name
    assert soup(site / "html/vi/index.html").head.title.get_text() == brand  # the home page: the title alone


def interface_strings():
    """Every English interface string the site can show: the interface catalog's messages,
    but those its translator kept as they are ("Menu" is Vietnamese too)."""
    catalog = polib.pofile(str(ROOT / "locale/vi/LC_MESSAGES/sphinx.po"))
    return {e.msgid.strip() for e in catalog if e.msgstr != e.msgid} - {"and"}  # "and": see the footer


def test_vietnamese_pages_show_no_english_interface_text(site):
    english = interface_strings()
    for name, path in pages(site, "vi").items():
        page = soup(path)
        for tag in page(["script", "style", "pre", "code"]):  # code and messages stay in English
            tag.decompose()
        shown = {" ".join(text.split()) for text in page.stripped_strings}
        for element in page.find_all(True):
            shown.update(element.get(a, "") for a in ("aria-label", "title", "placeholder", "alt"))
        assert shown & english == set(), name
        footer = " ".join(page.select_one("footer").get_text().split())
        assert " and " not in footer and "Made with" not in footer, name


def test_vietnamese_scripts_carry_vietnamese_messages(site):
    static = site / "html/vi/_static"
    search = (static / "translations.js").read_text(encoding="utf-8")
    assert '"Searching":"Đang tìm"' in search  # minified (ext/page_assets.py)
    assert "Đã tìm xong" in search
    assert "Back to top" not in search  # a template's message: only what the scripts ask for
    copy = (static / "copybutton.js").read_text(encoding="utf-8")
    assert '"vi":{"copy":"Sao chép"' in copy


def test_tab_labels_are_translated(site):
    catalog = polib.pofile(str(ROOT / "locale/vi/LC_MESSAGES/error.po"))
    english = [t.get_text() for t in soup(site / "html/en/error.html").select('[role="tab"]')]
    vietnamese = [t.get_text() for t in soup(site / "html/vi/error.html").select('[role="tab"]')]
    assert english and vietnamese == [catalog.find(label).msgstr for label in english]
    assert any(v != e for v, e in zip(vietnamese, english))  # "Flask-SQLAlchemy 2.5" is a name


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", ["index.html", "version-changes.html"])
def test_pages_state_the_tested_versions_from_pyproject(site, language, page):
    """Each Python of the matrix with exactly the Flask lines it runs, in that order."""
    text = " ".join(soup(site / "html" / language / page).get_text().split())
    lines = {}
    for python, line in GUIDE["matrix"]:  # nox -s tests runs these cells
        lines.setdefault(python, []).append(line)
    stated = "; ".join(f"Python {python}: Flask {', '.join(flask)}" for python, flask in lines.items())
    assert f"{stated}." in text or f"{stated} (" in text
    assert f"Flask {GUIDE['next']['flask']}" in text


SITEMAP, XHTML = "{http://www.sitemaps.org/schemas/sitemap/0.9}", "{http://www.w3.org/1999/xhtml}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_fits_the_budget(site, language):
    """At most 45 KB over the wire (gzip) in at most 16 requests, whatever the page."""
    for path in (site / "html" / language).rglob("*.html"):
        size, requests = page_weight(path, site / "html")
        assert size <= BUDGET[0] and requests <= BUDGET[1], (path.name, size, requests)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_icon_a_page_uses_is_in_the_page(site, language):
    """The icons Furo's buttons draw are symbols of the page's own sprite: the theme fix that
    leaves out the view button's icon (ext/theme_templates.py) leaves none a page uses."""
    for name, path in pages(site, language).items():
        page = soup(path)
        defined = {symbol["id"] for symbol in page.find_all("symbol")}
        used = {use["href"].removeprefix("#") for use in page.find_all("use")}
        assert used and used <= defined, (name, used - defined)
        assert "svg-eye" not in defined, name


def test_site_root_has_sitemaps_and_robots_for_every_language(site):
    site_root = GUIDE["base_url"].partition("{language}/")[0]
    index = (site / "html/sitemap.xml").read_text(encoding="utf-8")
    for code in LANGUAGES:
        base = GUIDE["base_url"].format(language=code)
        assert f"<loc>{base}sitemap.xml</loc>" in index
        sitemap = ElementTree.parse(site / "html" / code / "sitemap.xml").getroot()
        locations = {loc.text for loc in sitemap.iter(f"{SITEMAP}loc")}
        assert f"{base}fix-celery.html" in locations
        assert not any(loc.endswith(("404.html", "search.html", "genindex.html")) for loc in locations)
        alternates = {link.get("hreflang") for link in sitemap.iter(f"{XHTML}link")}
        assert alternates == set(LANGUAGES)
    assert f"Sitemap: {site_root}sitemap.xml" in (site / "html/robots.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", LANGUAGES)
def test_not_found_page_works_at_any_address(site, language):
    page = soup(site / "html" / language / "404.html")
    assert page.html["lang"] == language
    for tag in page.select("link[href], script[src]"):
        url = tag.get("href") or tag.get("src")
        assert url.startswith((f"/{language}/", "https://")), url  # absolute: served anywhere
    assert [a["href"] for a in page.select("nav.sidebar-languages a")] == [f"/{code}/404.html" for code in LANGUAGES]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_a_description_and_open_graph_tags(site, language):
    for name, path in pages(site, language).items():
        page = soup(path)
        assert page.select_one('meta[name="description"]')["content"].strip(), name
        if name == "search.html":  # Sphinx's own page, marked noindex: nothing to share
            assert page.select_one('meta[name="robots"]')["content"] == "noindex"
            continue
        og_url = page.select_one('meta[property="og:url"]')["content"]
        assert og_url == GUIDE["base_url"].format(language=language) + name, name
        # the preview a link shows is the page's own description, translated (ext/og_description.py)
        description = page.select_one('meta[name="description"]')["content"]
        assert page.select_one('meta[property="og:description"]')["content"] == description, name


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_declares_a_content_security_policy(site, language):
    for name, path in pages(site, language).items():
        head = soup(path).head
        policy = head.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
        assert "script-src 'self' 'sha256-" in policy and "default-src 'none'" in policy, name
        assert head.select_one('meta[name="referrer"]')["content"] == "strict-origin-when-cross-origin", name
        assert len(head.select('meta[name="viewport"]')) == 1, name
        assert not head.select("meta[translated]"), name
    headers = (site / "html/_headers").read_text(encoding="utf-8")
    assert f"Content-Security-Policy: {policy}; frame-ancestors 'none'" in headers


def test_a_published_folder_holds_only_what_readers_need(tmp_path):
    from tools.site import publishable

    (tmp_path / "_static").mkdir()
    for name in (".buildinfo", ".buildinfo.bak", "_static/furo.js.map", "_static/furo.js", "index.html"):
        (tmp_path / name).write_text("x")
    (tmp_path / "_sources").mkdir()
    publishable(tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "_static", "_static/furo.js", "index.html"]
    config = (ROOT / ".readthedocs.yaml").read_text(encoding="utf-8")
    assert 'python -m tools.site build --language "$READTHEDOCS_LANGUAGE" --output "$READTHEDOCS_OUTPUT/html"' in config


def test_read_the_docs_installs_the_docs_lock_on_the_main_python():
    """The hosted build gets exactly what `nox -s docs` gets: the same lock, every file
    hash-checked, on the Python the lock's versions were tested on."""
    from tools.guide import GUIDE

    config = (ROOT / ".readthedocs.yaml").read_text(encoding="utf-8")
    assert f'python: "{GUIDE["python"]["main"]}"' in config
    assert "python -m pip install --require-hashes --no-deps -r locks/docs.txt" in config
    assert "--group" not in config and "pip install sphinx" not in config


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("listing", ["index.html", "find-your-fix.html"])
def test_every_fix_page_is_linked_from_the_landing_page_and_the_finder(site, language, listing):
    """On a phone the sidebar is folded away: the page text itself must lead to every fix."""
    fixes = {name for name in pages(site, language) if name.startswith("fix-")}
    article = soup(site / "html" / language / listing).find("article")
    linked = {urlsplit(a["href"]).path for a in article.find_all("a", href=True)}
    assert fixes - linked == set()
