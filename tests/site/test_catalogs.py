"""The Vietnamese catalogs are complete and clean; each check fails on a broken entry."""

import shutil
import subprocess
import unicodedata

import polib
import pytest
from catalogs import (
    all_catalogs,
    glossary_problems,
    markup_problems,
    page_catalogs,
    progress,
    spelling_problems,
    wrapping_problem,
)
from support import ROOT

LANGUAGE = "vi"
CATALOGS = all_catalogs(LANGUAGE)


def where(path, entry):
    return f"{path.relative_to(ROOT)}:{entry.linenum}"


def entries(path):
    return [e for e in polib.pofile(str(path)) if e.msgstr and not e.obsolete]


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_catalog_is_complete(path):
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


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_catalog_is_wrapped_as_the_refresh_writes_it(path):
    assert wrapping_problem(path) is None, path.relative_to(ROOT)


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_translations_are_nfc(path):
    bad = [where(path, e) for e in entries(path) if unicodedata.normalize("NFC", e.msgstr) != e.msgstr]
    assert bad == [], "not in Unicode NFC"


@pytest.mark.parametrize("path", page_catalogs(LANGUAGE), ids=lambda p: p.name)
def test_translations_keep_the_myst_markup(path):
    bad = {where(path, e): problems for e in entries(path) if (problems := markup_problems(e.msgid, e.msgstr))}
    assert bad == {}


@pytest.mark.parametrize(
    "path", [p for p in CATALOGS if p.stem != "glossary"], ids=lambda p: p.name
)  # the glossary page lists the terms to avoid
def test_translations_use_the_glossary_terms(path):
    bad = {where(path, e): problems for e in entries(path) if (problems := glossary_problems(e.msgstr))}
    assert bad == {}


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_translations_are_spelled_right(path):
    bad = {where(path, e): words for e, words in spelling_problems(entries(path), LANGUAGE).items()}
    assert bad == {}, "add real words to locale/vi/words.txt; fix the others"


# -- Each check catches what it is for ---------------------------------------------------------


@pytest.mark.parametrize(
    ("msgid", "msgstr", "problem"),
    [
        ("Use `app.app_context()` here.", "Dùng `app.app_context` ở đây.", "inline code"),
        ("Use `g`.", "Dùng g.", "inline code"),
        ("See {ref}`fixes`.", "Xem fixes.", "roles"),
        ("See [threads](fix-threads.md).", "Xem [luồng](fix-thread.md).", "link targets"),
        ("An *application context*.", "Một ngữ cảnh ứng dụng.", "emphasis"),
        ("A **warning**.", "Một *cảnh báo*.", "strong emphasis"),
        ("Plain text.", "Văn bản <b>đậm</b>.", "raw HTML"),
        ("On Flask {{ flask_lines }}.", "Trên Flask 2.0.", "substitutions"),
        ("Plain text.", "Văn bản\n```{warning}\nx\n```", "directive"),
    ],
)
def test_markup_check_catches(msgid, msgstr, problem):
    assert any(problem in p for p in markup_problems(msgid, msgstr))


def test_markup_check_accepts_a_faithful_translation():
    msgid = "Push an *application context* with `app.app_context()`, see [threads](fix-threads.md) and **always** {doc}`verify`."
    msgstr = "Push một *ngữ cảnh ứng dụng* bằng `app.app_context()`, xem [luồng](fix-threads.md) và **luôn** {doc}`verify`."
    assert markup_problems(msgid, msgstr) == []


def test_glossary_check_catches_an_avoided_term():
    assert glossary_problems("Một bối cảnh ứng dụng") != []
    assert glossary_problems("Một ngữ cảnh ứng dụng, `bối cảnh` trong code") == []


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


def test_wrapping_check_catches_a_rewrapped_catalog(tmp_path):
    path = tmp_path / "page.po"
    shutil.copy(ROOT / "locale/vi/LC_MESSAGES/index.po", path)
    text = path.read_text(encoding="utf-8")
    long_entry = next(e for e in polib.pofile(str(path)) if len(e.msgid) > 100)
    path.write_text(text.replace('msgid ""\n"' + long_entry.msgid[:20], 'msgid "' + long_entry.msgid[:20], 1))
    assert wrapping_problem(path) is not None
