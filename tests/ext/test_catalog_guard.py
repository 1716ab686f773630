"""ext/catalog_guard.py: a translated build uses only sound catalogs, and of them only the
messages that add nothing to their source. (tests/site/test_hostile_catalogs.py builds the
project itself with each kind of hostile catalog.)"""

import pytest

from ext import catalog_guard
from ext.catalog_guard import CatalogProblem, read_catalog
from harness.catalogs import PO_HEADER as HEADER
from harness.catalogs import po_text
from harness.catalogs import po_text as catalog
from harness.project import ROOT

CONF = """\
extensions = ['myst_parser', 'ext.catalog_guard']
language = 'vi'
locale_dirs = ['locale']
guide_languages = {'en': 'English', 'vi': 'Tiếng Việt'}
"""
PAGE = "# Title\n\nSome `code` here.\n"


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        (HEADER + '\nmsgid "a"\nmsgstr "b\n', 7, "not a comment, keyword or closed string"),
        (HEADER + '\nmsgid "a"\nmsgtxt "b"\n', 7, "not a comment, keyword or closed string"),
        (HEADER + '\n# note\n"stray"\n', 7, "Got line starting"),
        (HEADER + '\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 9, "already in the catalog, line 6"),
        (HEADER.replace("UTF-8", "ISO-8859-1"), 3, "Content-Type"),
        (HEADER.replace("plural=0", "plural=alert(1)"), 4, "Plural-Forms"),
    ],
)
def test_a_broken_catalog_is_reported_at_its_line(tmp_path, text, line, problem):
    po = tmp_path / "page.po"
    po.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogProblem) as raised:
        read_catalog(po, "vi")
    assert (raised.value.line, problem in str(raised.value)) == (line, True), str(raised.value)


def test_a_sound_catalog_reads(tmp_path):
    po = tmp_path / "page.po"
    po.write_text(HEADER + '\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n"c"\n', encoding="utf-8")
    assert read_catalog(po, "vi")["a"].string == "bc"


def test_a_refused_message_is_not_used_and_the_sound_ones_are(project):
    build = project(CONF, {"index.md": PAGE, "locale/vi/LC_MESSAGES/index.po": catalog(
        {"Title": "Tiêu đề", "Some `code` here.": "Có `other` ở đây."})})
    app, warnings, pages = build("vi")
    assert "index.po:9: WARNING: translation refused, the English is shown instead: its markup differs" in warnings
    assert "Tiêu đề" in pages["index.html"]
    assert "Some <code" in pages["index.html"] and "other" not in pages["index.html"]


def test_a_broken_catalog_warns_at_every_build_and_a_sound_one_is_checked_once(project, monkeypatch):
    broken = catalog({"Title": "Tiêu đề"}).replace('"Tiêu đề"', '"Tiêu đề')
    build = project(CONF, {"index.md": PAGE, "locale/vi/LC_MESSAGES/index.po": broken})
    for _ in range(2):  # the second build finds it as broken as the first
        assert "index.po:7: WARNING: broken catalog" in build("vi")[1]
    build = project(CONF, {"index.md": PAGE, "locale/vi/LC_MESSAGES/index.po": catalog({"Title": "Tiêu đề"})})
    assert "WARNING" not in build("vi")[1]
    monkeypatch.setattr(catalog_guard, "read_catalog", None)  # remembered as sound: not read again
    app, warnings, pages = build("vi")
    assert "WARNING" not in warnings and "Tiêu đề" in pages["index.html"]


def test_the_source_language_is_not_checked(project, monkeypatch):
    monkeypatch.setattr(catalog_guard, "read_catalog", None)
    build = project(CONF, {"index.md": PAGE, "locale/vi/LC_MESSAGES/index.po": "broken"})
    assert "WARNING" not in build("en")[1]


# -- Issue 25: headers, the interface, hidden text, sizes, files, compiled catalogs ----------------

PLURAL = '"Plural-Forms: nplurals=1; plural=0;\\n"\n'


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        # a second or folded Plural-Forms line: babel keeps the last, which the search page ran as code
        (HEADER + '"Plural-Forms: nplurals=1; plural=0;alert(1)\\n"\n', 5, "Plural-Forms is declared twice"),
        (HEADER.replace(PLURAL, PLURAL + '" alert(1)\\n"\n'), 5, "not a header line (Field: value), or a folded"),
        (HEADER.replace(PLURAL, PLURAL + '"X-Evil: 1\\n"\n'), 5, "'X-Evil' is not a header field"),
        # babel once failed on it with a traceback, leaving a 0-byte .mo
        (HEADER + '"Content-Type: text/plain; charset=UTF-8\\n"\n', 5, "Content-Type is declared twice"),
        (HEADER.replace(PLURAL, PLURAL + '"Language: en\\n"\n'), 5, "declares Language 'en'"),
        (HEADER + '\nmsgid ""\nmsgstr "Plural-Forms: nplurals=2; plural=n;\\n"\n', 6, "a second header"),
    ],
)
def test_a_header_is_read_strictly(tmp_path, text, line, problem):
    po = tmp_path / "sphinx.po"
    po.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogProblem) as raised:
        read_catalog(po, "vi")
    assert (raised.value.line, problem in str(raised.value)) == (line, True), str(raised.value)


def problems(text, tmp_path, md=None, **options):
    po = tmp_path / "some.po"
    po.write_text(text, encoding="utf-8")
    return [problem for _, problem in catalog_guard.entry_problems(read_catalog(po, "vi"), md, **options)]


@pytest.mark.parametrize(
    ("msgid", "msgstr", "problem"),
    [
        ("Search", 'Tìm" autofocus onfocus="alert(1)', "a double quote"),  # Furo puts it in attributes
        ("Languages", "Ngôn ngữ' onmouseover='alert(1)", "a single quote"),
        ("Search", "Tìm ${resultCount}", "placeholders"),
        ("Copy", "Sao chép %", "a percent sign"),  # Sphinx formats some with %: a stray one fails the build
        ("Search", "Tìm trên evil.example", "an address"),
        ("Next", "Tiếp\u202etheo", "invisible"),  # right-to-left override
        ("Home", "Trang chủ\u200b", "invisible"),  # zero-width space
    ],
)
def test_an_interface_string_adds_nothing_its_place_would_read_as_code(tmp_path, msgid, msgstr, problem):
    found = problems(po_text({msgid: msgstr.replace('"', '\\"')}), tmp_path)
    assert len(found) == 1 and problem in found[0], found


def test_an_interface_plural_entry_must_be_sphinx_s(tmp_path):
    """Sphinx's scripts show form 0 of any plural entry: one for "Hide Search Matches" put a link
    to another site on every page a search result opens."""
    hostile = HEADER + (
        '\nmsgid "Hide Search Matches"\nmsgid_plural "<a href=\\"https://evil.example/\\">x</a>"\n'
        'msgstr[0] "<a href=\\"https://evil.example/\\">x</a>"\n'
    )
    assert ["a plural entry that the interface does not have"] == [p[:47] for p in problems(hostile, tmp_path)]
    real = HEADER + (
        '\nmsgid "Search finished, found one page matching the search query."\n'
        'msgid_plural "Search finished, found ${resultCount} pages matching the search query."\n'
        'msgstr[0] "Đã tìm xong: có ${resultCount} trang."\n'
    )
    assert problems(real, tmp_path) == []


MARKDOWN = catalog_guard.markdown_parser(
    __import__("myst_parser.config.main", fromlist=["MdParserConfig"]).MdParserConfig(
        enable_extensions={"colon_fence", "deflist", "fieldlist", "substitution"}))


@pytest.mark.parametrize(
    ("msgid", "msgstr", "problem"),
    [
        ("Run `flask --app hello run`.", "Chạy `flask --app hello run`\u200b.", "ZERO WIDTH SPACE"),
        ("See [the docs](other.md).", "Xem [tài liệu](other.md)\u2067.", "RIGHT-TO-LEFT ISOLATE"),
        ("See [the docs](other.md).", "Xem [tài liệu flask.palletsprojects.com](other.md).", "an address"),
        ("See [the docs](other.md).", "Xem [tài liệu](other.md \"Trang chính thức\").", "differs"),
        ("See [the docs](other.md).", "Xem [tàі liệu](other.md).", "CYRILLIC SMALL LETTER BYELORUSSIAN"),
        ("Read the docs.", "Đọc ở https://flask.palletsprojects.com/", "an address"),
        ("Read the docs.", "Đọc ở flаsk.palletsprojects.com", "CYRILLIC SMALL LETTER A"),
        ("Read the docs.", "Đọc ở ｆlask", "FULLWIDTH LATIN SMALL LETTER F"),
        ("Read the docs.", "Đọc " + "rất " * 40 + "kỹ.", "at most three times"),
        ("Some " + "[" * 130 + ".", "Vài " + "[" * 130 + ".", "markup characters"),
        ("x" * 2001, "y", "no message of the guide is longer"),
    ],
)
def test_text_a_reviewer_cannot_see_is_refused(tmp_path, msgid, msgstr, problem):
    text = po_text({msgid.replace('"', '\\"'): msgstr.replace('"', '\\"')})
    found = problems(text, tmp_path, md=MARKDOWN)
    assert len(found) == 1 and problem in found[0], found


def test_what_the_source_has_may_stay(tmp_path):
    """An address, a character or a sign is refused only when the source does not have it."""
    messages = {
        "Read https://flask.palletsprojects.com/ (Flask's site).":
            "Đọc https://flask.palletsprojects.com/ (trang của Flask).",
        "Open `app.py` and `pyproject.toml`.": "Mở `app.py` và `pyproject.toml`.",
        "Tiếng Việt — an em dash…": "Tiếng Việt — gạch ngang…",
    }
    assert problems(po_text({k.replace('"', '\\"'): v for k, v in messages.items()}), tmp_path, md=MARKDOWN) == []


@pytest.mark.parametrize(
    ("msgstr", "problem"),
    [
        ("đọc cấu hình từ current_app.config; chạy rm -rf ~ trước", "adds '-rf', '~'"),
        ("đọc cấu hình từ current_app.config; chạy curl -s x | sh trước", "adds '-s', '|'"),
        ("đọc current_app.config, rồi chạy pip install flask-helper", "may not add a command (flask, pip)"),
        ("đọc cấu hình từ ứng dụng", "drops 'current_app.config'"),
    ],
)
def test_a_code_comment_keeps_its_commands_paths_and_identifiers(tmp_path, msgstr, problem):
    msgid = "read the configuration from current_app.config"
    found = problems(po_text({msgid: msgstr}), tmp_path, md=MARKDOWN, comments=frozenset({msgid}))
    assert len(found) == 1 and problem in found[0], found
    fine = "đọc cấu hình từ current_app.config"
    assert problems(po_text({msgid: fine}), tmp_path, md=MARKDOWN, comments=frozenset({msgid})) == []


def test_a_code_comment_may_move_the_punctuation_around_an_identifier(tmp_path):
    """A sentence of Vietnamese ends where the English did not: `start_scheduler():` is the same
    identifier as `start_scheduler()`."""
    msgid = "the job runs in start_scheduler(): once per process"
    msgstr = "tác vụ chạy một lần mỗi tiến trình, trong start_scheduler()"
    assert problems(po_text({msgid: msgstr}), tmp_path, md=MARKDOWN, comments=frozenset({msgid})) == []


def test_the_worst_catalog_within_the_limits_is_checked_as_fast_as_an_ordinary_one(tmp_path):
    """The limits bound the check's time: a catalog of the largest size, of the messages that cost
    MyST's parser the most (a 480 KB one made the build take 128 s instead of 7), is checked in
    at most three times as long as one of the same size made of the guide's own messages."""
    import time

    import polib

    real = [e for e in polib.pofile(str(ROOT / "locale/vi/LC_MESSAGES/related-errors.po")) if e.msgid and e.msgstr]

    def catalog_of(message):
        body, number = "", 0
        while len((HEADER + body).encode()) < catalog_guard.MAX_CATALOG_BYTES - 3000:
            number += 1
            msgid, msgstr = message(number)
            body += f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n'
        return HEADER + body

    def escaped(text):
        return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

    def ordinary(number):
        entry = real[number % len(real)]
        return escaped(f"{number} {entry.msgid}"), escaped(f"{number} {entry.msgstr}")

    def worst(number):  # the most "[" a message may have, then the most it may not
        message = (str(number) + "[" * 115 + "a" * 1880)[:1995] if number % 2 else str(number) + "[" * 1990
        return message, message + "x"

    def seconds(text):
        start = time.perf_counter()
        problems(text, tmp_path, md=MARKDOWN)
        return time.perf_counter() - start

    # The best of five runs of each, taken in turns: a busy machine (CI beside other work) slows
    # some runs, rarely all five of one kind.
    texts = [catalog_of(ordinary), catalog_of(worst)]
    runs = [[seconds(text) for text in texts] for _ in range(5)]
    ordinary_time, worst_time = (min(times) for times in zip(*runs))
    assert worst_time < 3 * ordinary_time, f"{worst_time:.2f} s, where an ordinary catalog takes {ordinary_time:.2f} s"


@pytest.mark.parametrize("kind", ["link to a file elsewhere", "link to an endless file", "pipe", "too large"])
def test_a_catalog_is_a_plain_file_of_the_repository(tmp_path, kind):
    import os

    root = tmp_path / "locale"
    (root / "vi/LC_MESSAGES").mkdir(parents=True)
    po = root / "vi/LC_MESSAGES/index.po"
    elsewhere = tmp_path / "secret.txt"
    elsewhere.write_text(po_text({"a": "b"}), encoding="utf-8")
    if kind == "link to a file elsewhere":
        po.symlink_to(elsewhere)
    elif kind == "link to an endless file":
        po.symlink_to("/dev/zero")
    elif kind == "pipe":
        os.mkfifo(po)
    else:
        po.write_text(po_text({"a": "b" * catalog_guard.MAX_CATALOG_BYTES}), encoding="utf-8")
    with pytest.raises(CatalogProblem) as raised:
        read_catalog(po, "vi", root)
    expected = {"pipe": "not a plain file", "too large": "larger than 128 KB"}.get(kind, "symbolic link")
    assert raised.value.line == 1 and expected in str(raised.value), str(raised.value)


def test_a_compiled_catalog_in_the_repository_is_never_read(project):
    """A .mo beside its .po, newer than it (as a commit makes it), or without a .po: the build
    compiles its own from the checked .po, into its own folder, on every build."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    crafted = Catalog(locale="vi")
    crafted.add("Title", "<script>alert(1)</script>")
    crafted.add("Some `code` here.", "Xem <https://evil.example/>")
    files = {"index.md": PAGE, "locale/vi/LC_MESSAGES/index.po": catalog({"Title": "Tiêu đề"})}
    build = project(CONF, files)
    source = build("vi")[0].srcdir
    for _ in range(2):  # a first build, and a rebuild with the catalog remembered as sound
        with (source / "locale/vi/LC_MESSAGES/index.mo").open("wb") as f:
            write_mo(f, crafted)
        app, warnings, pages = build("vi")
        assert "Tiêu đề" in pages["index.html"], warnings
        assert "alert(1)" not in pages["index.html"] and "evil.example" not in pages["index.html"]
    with (source / "locale/vi/LC_MESSAGES/sphinx.mo").open("wb") as f:
        write_mo(f, crafted)
    app, warnings, pages = build("vi")
    assert "sphinx.mo:1: WARNING: a compiled catalog without its .po is never used" in warnings


# -- Each step of the guard on its own: finding, checking, compiling -----------------------------


def messages_dir(tmp_path, files):
    """A catalogs' folder with these {name under vi/LC_MESSAGES: text}; its root."""
    root = tmp_path / "locale"
    for name, text in files.items():
        path = root / "vi/LC_MESSAGES" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "vi/LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    return root


def test_finding_reports_a_page_without_catalog_a_catalog_without_page_and_a_lone_mo(tmp_path):
    root = messages_dir(tmp_path, {"index.po": "", "guide/setup.po": "", "gone.po": "", "sphinx.mo": ""})
    documents = {"index": tmp_path / "index.md", "guide/setup": tmp_path / "setup.md", "about": tmp_path / "about.md"}
    found, problems = catalog_guard.find_catalogs(root, "vi", documents, interface_required=True)
    folder = root / "vi/LC_MESSAGES"
    assert found == [catalog_guard.Found("guide/setup", folder / "guide/setup.po", root),
                     catalog_guard.Found("index", folder / "index.po", root)]
    assert [(location, problem.split(":")[0]) for location, problem in problems] == [
        (f"{tmp_path / 'about.md'}:1", "no vi catalog for this page"),
        (f"{folder / 'sphinx.po'}:1", "no interface catalog (sphinx.po)"),
        (f"{folder / 'sphinx.mo'}:1", "a compiled catalog without its .po is never used"),
        (f"{folder / 'gone.po'}:1", "this catalog belongs to no page"),
    ]


def test_finding_takes_the_interface_catalog_and_requires_it_only_when_asked(tmp_path):
    root = messages_dir(tmp_path, {"sphinx.po": ""})
    found, problems = catalog_guard.find_catalogs(root, "vi", {}, interface_required=True)
    assert [f.name for f in found] == ["sphinx"] and problems == []
    assert catalog_guard.find_catalogs(messages_dir(tmp_path / "none", {}), "vi", {}, False) == ([], [])


RULES = catalog_guard.Rules("đĐ", lambda: MARKDOWN, lambda: frozenset())


def found_catalog(tmp_path, name, text):
    root = messages_dir(tmp_path, {f"{name}.po": text})
    return catalog_guard.Found(name, root / "vi/LC_MESSAGES" / f"{name}.po", root)


def test_checking_leaves_out_refused_and_fuzzy_messages_and_says_why_at_their_line(tmp_path):
    text = catalog({"Title": "Tiêu đề", "Some `code` here.": "Có `other` ở đây."})
    text += '\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n'
    checked, problems = catalog_guard.check_catalog(found_catalog(tmp_path, "index", text), "vi", RULES)
    assert [m.id for m in checked if m.id] == ["Title"]
    [(location, problem)] = problems
    assert location.endswith("index.po:9")
    assert problem.startswith("translation refused, the English is shown instead: its markup differs")
    assert problem.endswith("(msgid 'Some `code` here.')")


def test_checking_a_broken_catalog_gives_an_empty_one(tmp_path):
    found = found_catalog(tmp_path, "index", catalog({"Title": "Tiêu đề"}).replace('"Tiêu đề"', '"Tiêu đề'))
    checked, problems = catalog_guard.check_catalog(found, "vi", RULES)
    assert [m.id for m in checked if m.id] == []
    assert [(location.rsplit(":", 1)[1], problem.split(":")[0]) for location, problem in problems] == [
        ("7", "broken catalog, not used")]


def test_checking_the_interface_catalog_reads_no_markdown(tmp_path):
    def no_parser():
        raise AssertionError("the interface catalog is not MyST")

    found = found_catalog(tmp_path, "sphinx", catalog({"Search": 'Tìm \\"kiếm\\"'}))
    checked, problems = catalog_guard.check_catalog(found, "vi", RULES._replace(markdown=no_parser))
    assert [m.id for m in checked if m.id] == [] and "a double quote" in problems[0][1]


def test_compiling_writes_the_po_and_mo_and_removes_what_this_build_did_not_write(tmp_path):
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import read_mo

    out = tmp_path / "vi/LC_MESSAGES"
    out.mkdir(parents=True)
    checked = Catalog(locale="vi")
    checked.add("Title", "Tiêu đề")
    catalog_guard.compile_catalog(out / "index.po", checked)
    for stale in ("gone.po", "gone.mo", "sphinx.js"):
        (out / stale).write_text("", encoding="utf-8")
    catalog_guard.remove_stale(out, {out / "index.po"})
    assert sorted(p.name for p in out.iterdir()) == ["index.mo", "index.po"]
    with (out / "index.mo").open("rb") as f:
        assert read_mo(f)["Title"].string == "Tiêu đề"


def test_the_record_of_sound_catalogs_is_empty_when_unreadable(tmp_path):
    record = tmp_path / "sound-catalogs.json"
    assert catalog_guard.read_record(record) == set()
    record.write_text("{not json", encoding="utf-8")
    assert catalog_guard.read_record(record) == set()
    record.write_text('["abc"]', encoding="utf-8")
    assert catalog_guard.read_record(record) == {"abc"}


def test_a_catalog_is_remembered_by_its_bytes_and_the_guard_s_version(tmp_path, monkeypatch):
    found = found_catalog(tmp_path, "index", catalog({"Title": "Tiêu đề"}))
    digest, readable = catalog_guard.catalog_digest(found)
    assert readable and catalog_guard.catalog_digest(found) == (digest, True)
    monkeypatch.setattr(catalog_guard, "GUARD_VERSION", "another")
    assert catalog_guard.catalog_digest(found)[0] != digest
    assert catalog_guard.catalog_digest(found._replace(po=found.root / "missing.po"))[1] is False
