"""An incremental build writes the site a clean build writes (ext/rebuilds.py), after each
kind of edit a writer or a translator makes: the site `nox -s docs` and the preview leave in
_build/html/ after an edit is compared, file by file and byte by byte, with the site a build
from nothing writes from the same sources. No difference is allowed: none is unavoidable (the
sitemap, the search index and .buildinfo included)."""

import difflib
import json
import shutil
import time

import polib
import pytest

from tools.site import build_all

pytestmark = pytest.mark.site


def build(root, out):
    failed, warnings = build_all(html=out / "html", doctrees=out / "doctrees", root=root)
    assert not failed, warnings


def site_files(html):
    return {p.relative_to(html).as_posix(): p.read_bytes() for p in sorted(html.rglob("*")) if p.is_file()}


def json_lines(index):
    """Sphinx's search index (Search.setIndex({...})) as one line per key of its tables."""
    text = index.decode()
    data = json.loads(text[text.index("(") + 1:text.rindex(")")])
    lines = []
    for table, values in sorted(data.items()):
        if isinstance(values, dict):
            lines += [f"{table} {json.dumps(key)}: {json.dumps(value)}" for key, value in sorted(values.items())]
        else:
            lines.append(f"{table}: {json.dumps(values)}")
    return "\n".join(lines).encode()


def differences(incremental, clean):
    """What differs between the two sites, as short unified diffs."""
    ours, theirs = site_files(incremental), site_files(clean)
    found = []
    for name in sorted(ours.keys() | theirs.keys()):
        if ours.get(name) == theirs.get(name):
            continue
        if name not in ours or name not in theirs:
            found.append(f"only in the {'clean' if name in theirs else 'incremental'} build: {name}")
            continue
        if name.endswith("searchindex.js"):  # one line of JSON: the keys that differ
            ours[name], theirs[name] = (json_lines(ours[name]), json_lines(theirs[name]))
        lines = difflib.unified_diff(ours[name].decode().splitlines(), theirs[name].decode().splitlines(),
                                     f"incremental/{name}", f"clean/{name}", n=0, lineterm="")
        found.append("\n".join(line[:400] for line in list(lines)[:8]))
    return found


def edit(root, path, old, new):
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    time.sleep(0.01)  # a later modification time than the build's, on any filesystem clock
    file.write_text(text.replace(old, new), encoding="utf-8")


def edit_msgstr(root, catalog, msgid, msgstr):
    path = root / "locale/vi/LC_MESSAGES" / f"{catalog}.po"
    po = polib.pofile(str(path), wrapwidth=79)
    entry = po.find(msgid)
    assert entry is not None and entry.msgstr and not entry.fuzzy, (catalog, msgid)
    entry.msgstr = msgstr
    po.save(str(path))


NEW_PAGE = "# A page added\n\nA paragraph of the page added.\n"
NEW_CATALOG = {"A page added": "Một trang mới", "A paragraph of the page added.": "Một đoạn văn của trang mới."}


def paragraph_msgstr_and_index_entry(root):
    """Each edit rewrites one page only."""
    edit(root, "docs/error.md", "The message\nitself is generic", "The message\nitself is quite generic")
    edit_msgstr(root, "error", "The message", "Nội dung thông báo lỗi")
    edit(root, "docs/verify.md", "\n# ", "\n```{index} ! verify\n```\n\n# ")


def titles(root):
    """A page's title in English; another page's title in the Vietnamese catalog."""
    edit(root, "docs/error.md", "# The error, word for word", "# The error, exactly as Flask prints it")
    edit_msgstr(root, "root-cause", "Root cause: where the context comes from",
                "Nguyên nhân gốc: ngữ cảnh từ đâu mà có")


def new_page(root):
    (root / "docs/added.md").write_text(NEW_PAGE, encoding="utf-8")
    catalog = polib.POFile(wrapwidth=79)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=1; plural=0;"}
    for msgid, msgstr in NEW_CATALOG.items():
        catalog.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    catalog.save(str(root / "locale/vi/LC_MESSAGES/added.po"))
    edit(root, "docs/index.md", "\nglossary\n", "\nglossary\nadded\n")


def removed_page(root):
    edit(root, "docs/index.md", "\nglossary\nadded\n", "\nglossary\n")
    (root / "docs/added.md").unlink()
    (root / "locale/vi/LC_MESSAGES/added.po").unlink()  # its compiled copy is the build's to remove


EDITS = [paragraph_msgstr_and_index_entry, titles, new_page, removed_page]


@pytest.mark.timeout(1200)  # four rounds of an incremental and a clean build of both languages
def test_an_incremental_build_writes_what_a_clean_build_writes(tmp_path, project_copy):
    root = project_copy(tmp_path / "project")
    build(root, root / "_build")
    for make_edit in EDITS:
        make_edit(root)
        build(root, root / "_build")  # incremental: over the previous build, as nox -s docs and serve do
        shutil.rmtree(root / "_clean", ignore_errors=True)
        build(root, root / "_clean")
        found = differences(root / "_build/html", root / "_clean/html")
        assert found == [], f"after {make_edit.__name__}:\n" + "\n".join(found)
