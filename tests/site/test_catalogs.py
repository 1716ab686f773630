"""The Vietnamese catalogs are complete and clean; each check fails on a broken entry."""

import functools
import shutil
import subprocess
import unicodedata

import polib
import pytest

from ext.catalog_guard import CatalogProblem, read_catalog
from tools.catalogs import (
    FIX,
    PLACEHOLDERS,
    all_catalogs,
    file_problem,
    fill_header,
    glossary,
    glossary_problems,
    markup_problem,
    normalise,
    progress,
    spelling_problems,
    translation_conflicts,
)
from tools.guide import ISSUES, ROOT

LANGUAGE = "vi"
CATALOGS = all_catalogs(LANGUAGE)


def shown(path):
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name


def where(path, entry):
    return f"{shown(path)}:{entry.linenum}"


@functools.cache  # every check of a catalog reads it once (a failure is not kept)
def entries(path):
    """The translated entries, once the file itself is known to be sound (else a clear failure
    naming its line, or the command that puts it right, never a traceback)."""
    if (problem := file_problem(path)) is not None:
        pytest.fail(f"{shown(path)}: {problem}", pytrace=False)
    try:
        read_catalog(path, LANGUAGE)
    except CatalogProblem as problem:
        pytest.fail(f"{shown(path)}:{problem.line}: {problem}", pytrace=False)
    return [e for e in polib.pofile(str(path)) if e.msgstr and not e.obsolete]


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_catalog_is_sound(path):
    assert entries(path) is not None


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_catalog_is_complete(path):
    entries(path)
    done, fuzzy, untranslated, obsolete, total = progress(path)
    assert (fuzzy, untranslated, obsolete) == (0, 0, 0), (
        f"{path.relative_to(ROOT)}: {done}/{total} translated, {fuzzy} fuzzy, "
        f"{untranslated} untranslated, {obsolete} obsolete (nox -s progress lists them)"
    )


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_catalog_passes_msgfmt_check(path):
    result = subprocess.run(
        [shutil.which("msgfmt") or "msgfmt", "--check", "-o", "/dev/null", str(path)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr




def without_references(path):
    """The lines of the messages that do not name their page (`#: docs/<page>.md:<line>`)."""
    page = f"docs/{path.relative_to(path.parent).with_suffix('.md').as_posix()}"
    return [where(path, e) for e in polib.pofile(str(path))
            if not e.obsolete and not any(name == page for name, _ in e.occurrences)]


@pytest.mark.parametrize("path", [p for p in CATALOGS if p.stem != "sphinx"], ids=lambda p: p.name)
def test_each_message_names_its_page_and_line(path):
    entries(path)
    if missing := without_references(path):  # a tool that drops them: the refresh writes them back
        pytest.fail(f"{shown(path)}: {len(missing)} messages without their page and line (#:), "
                    f"the first at {missing[0]}: {FIX}", pytrace=False)


def header_problem(path):
    catalog = polib.pofile(str(path))
    found = [p for p in PLACEHOLDERS if p in catalog.header or any(p in v for v in catalog.metadata.values())]
    if found:
        return f"its header still has placeholders ({', '.join(found)})"
    metadata = catalog.metadata
    if metadata.get("Report-Msgid-Bugs-To") != ISSUES or ISSUES not in metadata.get("Language-Team", ""):
        return f"its header does not give the team's address ({ISSUES})"
    return None


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_header_names_the_project_and_the_team(path):
    entries(path)
    if problem := header_problem(path):
        pytest.fail(f"{shown(path)}: {problem}: {FIX}", pytrace=False)


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_translations_are_nfc(path):
    bad = [where(path, e) for e in entries(path) if unicodedata.normalize("NFC", e.msgstr) != e.msgstr]
    assert bad == [], "not in Unicode NFC"


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_translations_keep_the_markup_as_the_build_requires(path):
    bad = {where(path, e): problem for e in entries(path) if (problem := markup_problem(path, e.msgid, e.msgstr))}
    assert bad == {}


@pytest.mark.parametrize(
    "path", [p for p in CATALOGS if p.stem != "glossary"], ids=lambda p: p.name
)  # the glossary page lists the terms to avoid
def test_translations_use_the_glossary_terms(path):
    bad = {where(path, e): problems for e in entries(path) if (problems := glossary_problems(e.msgstr, LANGUAGE))}
    assert bad == {}


def conflicts(paths):
    """Each message translated in more than one way, with every catalog:line and its translation."""
    return {
        msgid: [f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}:{line}: {msgstr!r}"
                for path, line, msgstr in places]
        for msgid, places in translation_conflicts(paths).items()
    }


def test_a_message_has_one_translation_in_every_catalog():
    found = conflicts(CATALOGS)
    assert found == {}, "the same English is translated differently; make them one:\n" + "\n".join(
        f"{msgid!r}\n  " + "\n  ".join(places) for msgid, places in found.items()
    )


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_translations_are_spelled_right(path):
    bad = {where(path, e): words for e, words in spelling_problems(entries(path), LANGUAGE).items()}
    assert bad == {}, "add real words to locale/vi/words.txt; fix the others"


# -- Each check catches what it is for ---------------------------------------------------------


PAGE, INTERFACE = ROOT / "locale/vi/LC_MESSAGES/index.po", ROOT / "locale/vi/LC_MESSAGES/sphinx.po"


@pytest.mark.parametrize(
    ("catalog", "msgid", "msgstr", "problem"),
    [
        (PAGE, "Use `app.app_context()` here.", "Dùng `app.app_context` ở đây.", "code inline"),
        (PAGE, "Use `g`.", "Dùng g.", "drops code inline"),
        (PAGE, "See {ref}`fixes`.", "Xem fixes.", "drops role '{ref}`fixes`'"),
        (PAGE, "See {doc}`verify`.", "Xem {doc}`../../secrets`.", "adds role '{doc}`../../secrets`'"),
        (PAGE, "See [threads](fix-threads.md).", "Xem [luồng](fix-thread.md).", "link 'fix-thread.md'"),
        (PAGE, "See the docs.", "Xem <https://evil.example/>.", "adds link 'https://evil.example/'"),
        (PAGE, "See the docs.", "Xem [tài liệu][x].\n\n[x]: https://evil.example/", "line break"),
        (PAGE, "An *application context*.", "Một ngữ cảnh ứng dụng.", "drops em"),
        (PAGE, "A **warning**.", "Một *cảnh báo*.", "adds em"),
        (PAGE, "Plain text.", "Văn bản <b>đậm</b>.", "html inline"),
        (PAGE, "Plain text.", "<img src=x onerror=alert(1)>", "html"),
        (PAGE, "On Flask {{ flask_lines }}.", "Trên Flask 2.0.", "substitution"),
        (PAGE, "On Flask {{ flask_lines }}.", "Trên Flask {{ flask_lines.__class__ }}.", "substitution"),
        (PAGE, "Plain text.", "{download}`/etc/passwd`", "adds role '{download}`/etc/passwd`'"),
        (PAGE, "was: User.query.get(1)", "trước: x\nimport os", "line break"),
        # a one-line docstring of snippets/app-context/appctx_push.py: a " could end the string
        (PAGE, "Pushing and popping a context by hand, for when a with block does not fit.",
         'Push và pop một ngữ cảnh thủ công, khi khối "with" không dùng được.', "docstring"),
        (INTERFACE, "Search", "<script>alert(1)</script>", "HTML tags"),
        (INTERFACE, "Search", "Tìm & chạy", "HTML tags"),
        (INTERFACE, "found ${resultCount} pages", "tìm thấy trang", "placeholders"),
    ],
)
def test_markup_check_catches(catalog, msgid, msgstr, problem):
    found = markup_problem(catalog, msgid, msgstr)
    assert found is not None and problem in found, found


def test_markup_check_accepts_a_faithful_translation():
    msgid = ("Push an *application context* with `app.app_context()`, see [threads](fix-threads.md) "
             "and **always** {doc}`verify`.")
    msgstr = ("Push một *ngữ cảnh ứng dụng* bằng `app.app_context()`, xem [luồng](fix-threads.md) "
              "và **luôn** {doc}`verify`.")
    assert markup_problem(PAGE, msgid, msgstr) is None
    footer = '<a href="https://www.sphinx-doc.org/">Sphinx</a> and '
    assert markup_problem(INTERFACE, footer, '<a href="https://www.sphinx-doc.org/">Sphinx</a> và ') is None


def test_glossary_check_catches_an_avoided_term():
    assert glossary_problems("Một bối cảnh ứng dụng", LANGUAGE) != []
    assert glossary_problems("Một ngữ cảnh ứng dụng, `bối cảnh` trong code", LANGUAGE) == []


@pytest.mark.parametrize(
    ("term", "avoid"), [(term, avoid) for term, avoided in glossary(LANGUAGE) for avoid in avoided], ids=str
)
def test_glossary_check_enforces_every_avoided_term(term, avoid):
    assert glossary_problems(f"Ở đây, {avoid.upper()}, rồi hết.", LANGUAGE) != []  # any case, as a word
    assert glossary_problems(f"Ở đây, `{avoid}`, rồi hết.", LANGUAGE) == []  # not in code
    assert glossary_problems(f"Ở đây, x{avoid} rồi hết.", LANGUAGE) == []  # not inside a longer word


def test_consistency_check_names_both_catalogs_of_a_message_translated_two_ways(tmp_path):
    one, two, three = (tmp_path / f"{name}.po" for name in ("one", "two", "three"))
    for path, msgstr in ((one, "Vì sao lỗi xảy ra"), (two, "Vì sao lỗi"), (three, "Vì sao lỗi xảy ra")):
        catalog = polib.POFile()
        catalog.append(polib.POEntry(msgid="Same everywhere", msgstr="Giống nhau"))
        catalog.append(polib.POEntry(msgid="Why it fails", msgstr=msgstr))
        catalog.save(str(path))
    assert conflicts([one, three]) == {}
    found = conflicts([one, two, three])
    assert list(found) == ["Why it fails"]
    assert [place.split(": ")[0] for place in found["Why it fails"]] == ["one.po:8", "two.po:8", "three.po:8"]
    assert "'Vì sao lỗi'" in found["Why it fails"][1]


def test_spelling_check_catches_a_misspelling():
    good, bad = polib.POEntry(msgid="Run it", msgstr="Chạy nó"), polib.POEntry(msgid="Run it", msgstr="Chạyy nó")
    newer = polib.POEntry(msgid="as you like", msgstr="tùy bạn")  # the newer tone placement
    assert spelling_problems([good, bad, newer], LANGUAGE) == {bad: ["Chạyy"], newer: ["tùy"]}


def test_completeness_counts_fuzzy_as_not_done(tmp_path):
    path = tmp_path / "page.po"
    catalog = polib.POFile()
    catalog.append(polib.POEntry(msgid="One", msgstr="Một"))
    catalog.append(polib.POEntry(msgid="Two", msgstr="Hai", flags=["fuzzy"]))
    catalog.append(polib.POEntry(msgid="Three", msgstr=""))
    catalog.append(polib.POEntry(msgid="a page", msgid_plural="pages", msgstr_plural={0: "trang"}))
    catalog.save(str(path))
    assert progress(path) == (2, 1, 1, 0, 4)


# -- A catalog saved by another tool passes, or fails naming the one command that fixes it -----


def saved_by(tool, source, target):
    """The catalog `source` as `tool` saves it, in `target`."""
    text = source.read_text(encoding="utf-8")
    if tool == "polib":  # polib's default width, 78
        polib.pofile(str(source)).save(str(target))
    elif tool in ("weblate", "unwrapped"):  # Weblate's default width, 77; Crowdin and editors: long lines
        width = ["--width=77"] if tool == "weblate" else ["--no-wrap"]
        subprocess.run(["msgcat", *width, "-o", str(target), str(source)], check=True)
    elif tool == "no final newline":
        target.write_text(text.rstrip("\n"), encoding="utf-8")
    elif tool == "bom":
        target.write_text(text, encoding="utf-8-sig")
    elif tool == "crlf":
        target.write_text(text, encoding="utf-8", newline="\r\n")
    return target


@pytest.mark.parametrize("tool", ["polib", "weblate", "unwrapped", "no final newline"])
def test_a_catalog_wrapped_by_another_tool_passes(tool, tmp_path):
    path = saved_by(tool, ROOT / "locale/vi/LC_MESSAGES/index.po", tmp_path / "index.po")
    assert path.read_bytes() != (ROOT / "locale/vi/LC_MESSAGES/index.po").read_bytes()
    assert file_problem(path) is None


@pytest.mark.parametrize("tool", ["bom", "crlf"])
def test_a_catalog_the_build_would_refuse_names_the_command_that_fixes_it(tool, tmp_path):
    path = saved_by(tool, ROOT / "locale/vi/LC_MESSAGES/index.po", tmp_path / "index.po")
    assert "run `nox -s catalogs`" in file_problem(path)
    assert normalise(path) and file_problem(path) is None  # what the refresh does first
    assert path.read_bytes() == (ROOT / "locale/vi/LC_MESSAGES/index.po").read_bytes()


def test_a_catalog_gettext_cannot_read_is_named_with_its_line(tmp_path):
    path = tmp_path / "index.po"
    path.write_text((ROOT / "locale/vi/LC_MESSAGES/index.po").read_text(encoding="utf-8") + 'msgid "open\n',
                    encoding="utf-8")
    assert "index.po:" in file_problem(path)


def test_a_failing_catalog_is_one_line_naming_the_command(tmp_path):
    """What a translator sees: the file and the fix, not an assertion's dump."""
    path = saved_by("bom", ROOT / "locale/vi/LC_MESSAGES/index.po", tmp_path / "index.po")
    with pytest.raises(pytest.fail.Exception) as failure:
        entries(path)
    assert not failure.value.pytrace
    assert str(failure.value) == f"index.po: it starts with a byte order mark (BOM): {FIX}"


def test_a_catalog_without_source_references_names_the_command(tmp_path):
    catalog = polib.pofile(str(ROOT / "locale/vi/LC_MESSAGES/index.po"))
    assert without_references(ROOT / "locale/vi/LC_MESSAGES/index.po") == []
    catalog[0].occurrences = []
    catalog.save(str(tmp_path / "index.po"))
    assert [place.split(":")[0] for place in without_references(tmp_path / "index.po")] == ["index.po"]


def test_the_refresh_fills_in_a_header_a_tool_left_with_placeholders(tmp_path):
    path = tmp_path / "fix-threads.po"
    catalog = polib.pofile(str(ROOT / "locale/vi/LC_MESSAGES/fix-threads.po"))
    catalog.header = ("SOME DESCRIPTIVE TITLE.\nCopyright (C) YEAR THE PACKAGE'S COPYRIGHT HOLDER\n"
                      "FIRST AUTHOR <EMAIL@ADDRESS>, YEAR.")
    catalog.metadata.update({"Report-Msgid-Bugs-To": "", "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
                             "Language-Team": "LANGUAGE <LL@li.org>"})
    catalog.save(str(path))
    assert "placeholders" in header_problem(path)
    assert fill_header(path, "vi") and header_problem(path) is None
    assert "docs/fix-threads.md" in polib.pofile(str(path)).header
    assert not fill_header(path, "vi")  # a filled-in header is left as it is
    catalog = polib.pofile(str(path))
    catalog.metadata["Last-Translator"] = "Nguyễn Văn An <an@example.org>"
    catalog.save(str(path))
    assert not fill_header(path, "vi")  # a translator's name is theirs to write


def test_a_windows_checkout_keeps_the_catalogs_line_endings():
    found = subprocess.run(["git", "check-attr", "eol", "--", "locale/vi/LC_MESSAGES/index.po"],
                           cwd=ROOT, capture_output=True, text=True)
    if found.returncode:
        pytest.skip("not a git checkout")
    assert found.stdout.strip().endswith("eol: lf")
