"""ext/myst_i18n_speed.py: a faster translated build gives the same documents."""

from types import SimpleNamespace

import polib
from docutils.frontend import get_default_settings

from support import ROOT, po_text

from ext import myst_i18n_speed


def test_faster_make_document_gives_fresh_documents_with_the_default_settings():
    first, second = myst_i18n_speed.make_document(), myst_i18n_speed.make_document()
    defaults = vars(get_default_settings(myst_i18n_speed.base.RSTParser))
    mutable = "record_dependencies"
    assert {k: v for k, v in vars(first.settings).items() if k != mutable} == {
        k: v for k, v in defaults.items() if k != mutable
    }
    assert first.settings.record_dependencies is not second.settings.record_dependencies
    first.settings.report_level = 5
    assert second.settings.report_level == defaults["report_level"]  # each has its own copy
    assert first is not second


def test_a_markdown_parser_is_lent_again_only_once_its_render_has_finished():
    from myst_parser.config.main import MdParserConfig
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer

    config = MdParserConfig()

    def parse(parser, text):  # as MystParser.parse does it
        parser.options["document"] = myst_i18n_speed.make_document()
        return parser.render(text).pformat()

    first = myst_i18n_speed.create_md_parser(config, DocutilsRenderer)
    during = myst_i18n_speed.create_md_parser(config, DocutilsRenderer)  # first not rendered yet
    assert during is not first
    text = "# Title\n\nSome *text*[^1].\n\n[^1]: A note.\n"
    fresh = parse(first, text)
    assert myst_i18n_speed.create_md_parser(config, DocutilsRenderer) is first
    assert parse(first, text) == fresh  # nothing of the last render is left over
    assert myst_i18n_speed.create_md_parser(MdParserConfig(), DocutilsRenderer) is not first


def test_a_message_asked_for_again_is_parsed_once_and_each_caller_gets_its_own_copy():
    from docutils import nodes

    parses = []

    def publish(source, source_path, source_line, **context):  # as Sphinx's _publish_msgstr
        parses.append(source)
        return nodes.paragraph(source, "", nodes.Text(source))

    publish_msgstr = myst_i18n_speed.publish_once(publish)
    config = SimpleNamespace(myst_enable_extensions=[], source_suffix={".md": "markdown"})
    text = "Xin *chào*"  # markup: parsed
    first = publish_msgstr(text, "page.md", 3, config=config, env=None)
    second = publish_msgstr(text, "page.md", 3, config=config, env=None)
    assert parses == [text] and first.astext() == second.astext() == text
    assert first is not second and first[0] is not second[0]  # a change to one is not in the other
    publish_msgstr(text, "page.md", 9, config=config, env=None)  # elsewhere on the page: parsed again
    assert parses == [text, text]


# Plain text as far as MyST goes, though some look like markup at first sight
PLAIN = ["Xin chào", "Bước 2: chạy lệnh flask db upgrade.", "a - b + c = d", "Hỏi (và đáp)!", "chắc 100%",
         "Ví dụ # không phải tiêu đề", "xem example.com hoặc http://example.com", "Đúng vậy...",
         "gửi tới ada@example.com", "câu 'trích' và \"trích\"", "Ngữ cảnh  hai dấu cách", "x: y; z? w/v",
         "Đ", "ăn 1. uống 2)"]
# Markup, or text MyST may read otherwise: never taken for plain
NOT_PLAIN = ["*nhấn mạnh*", "`code`", "1. mục", "- mục", "# Tiêu đề", ": định nghĩa", "{{ thay }}",
             "dòng một\ndòng hai", " dẫn đầu", "cuối ", "<http://x>", "a &amp; b", "tên_biến", "[liên kết](x.md)",
             "a | b", "~~gạch~~", "$x$", "a \\ b", "![ảnh](a.png)", "> trích", ""]


def test_only_plain_text_is_taken_for_plain():
    config = SimpleNamespace(myst_enable_extensions=sorted(myst_i18n_speed.PLAIN_SAFE_EXTENSIONS))
    assert [text for text in PLAIN if not myst_i18n_speed.is_plain(text, config)] == []
    assert [text for text in NOT_PLAIN if myst_i18n_speed.is_plain(text, config)] == []
    # a MyST extension that reads more into a line of text (a bare domain becomes a link)
    assert not myst_i18n_speed.is_plain("Xin chào", SimpleNamespace(myst_enable_extensions=["linkify"]))


def test_a_plain_message_gets_the_paragraph_myst_makes_of_it(project, monkeypatch):
    """Every plain message of this site's catalogs, and the ones above, made directly and by
    MyST's own parse (Sphinx's _publish_msgstr, called as a translated build calls it)."""
    from sphinx.transforms import i18n

    sphinx_publish = getattr(i18n._publish_msgstr, "__wrapped__", i18n._publish_msgstr)
    calls = []

    def spy(source, source_path, source_line, **context):
        calls.append((source_path, source_line, context))
        return sphinx_publish(source, source_path, source_line, **context)

    monkeypatch.setattr(i18n, "_publish_msgstr", spy)
    extensions = sorted(myst_i18n_speed.PLAIN_SAFE_EXTENSIONS)
    conf = f"extensions = ['myst_parser']\nlocale_dirs = ['locale']\nmyst_enable_extensions = {extensions!r}\n"
    files = {"index.md": "# Title\n\nWords.\n", "locale/vi/LC_MESSAGES/index.po": po_text({"Words.": "Chữ."})}
    project(conf, files)("vi")
    source_path, source_line, context = calls[-1]
    messages = {entry.msgstr for catalog in (ROOT / "locale" / "vi" / "LC_MESSAGES").glob("*.po")
                for entry in polib.pofile(str(catalog)) if entry.msgstr}
    plain = [text for text in sorted(messages) + PLAIN if myst_i18n_speed.is_plain(text, context["config"])]
    assert len(plain) > len(messages) / 3  # the shortcut is worth having

    def made(node):
        document = node.document
        return (node.pformat(), [(n.line, n.source) for n in node.findall()], node.rawsource,
                document["source"], document.current_source, document.current_line)

    different = [text for text in plain
                 if made(myst_i18n_speed.plain_paragraph(text, source_path, source_line, context["settings"]))
                 != made(sphinx_publish(text, source_path, source_line, **context))]
    assert different == []


def test_the_translated_site_is_the_same_with_and_without_it(project, monkeypatch):
    from sphinx.transforms import i18n

    # Sphinx's own, whatever an earlier build in this process did
    monkeypatch.setattr(i18n, "_publish_msgstr", getattr(i18n._publish_msgstr, "__wrapped__", i18n._publish_msgstr))
    conf = "extensions = ['myst_parser', {}]\nlocale_dirs = ['locale']\n"
    page = "# Title\n\nA *paragraph* with `code`.\n\nPlain words.\n"
    catalog = po_text({"Title": "Tiêu đề", "A *paragraph* with `code`.": "Một *đoạn* có `code`.",
                       "Plain words.": "Chữ thường."})
    files = {"index.md": page, "locale/vi/LC_MESSAGES/index.po": catalog}
    _, _, plain = project(conf.format(""), files)("vi")
    assert not hasattr(i18n._publish_msgstr, "__wrapped__")
    _, warnings, faster = project(conf.format("'ext.myst_i18n_speed'"), files)("vi")
    assert hasattr(i18n._publish_msgstr, "__wrapped__")
    assert warnings == "" and "Một <em>đoạn</em> có" in faster["index.html"] and "Chữ thường." in faster["index.html"]
    assert faster["index.html"] == plain["index.html"]
