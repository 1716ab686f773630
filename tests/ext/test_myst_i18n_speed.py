"""ext/myst_i18n_speed.py: a faster translated build gives the same documents."""

from docutils.frontend import get_default_settings

from ext import myst_i18n_speed
from harness.catalogs import po_text


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
    first = publish_msgstr("Xin chào", "page.md", 3, env=None)
    second = publish_msgstr("Xin chào", "page.md", 3, env=None)
    assert parses == ["Xin chào"] and first.astext() == second.astext() == "Xin chào"
    assert first is not second and first[0] is not second[0]  # a change to one is not in the other
    publish_msgstr("Xin chào", "page.md", 9, env=None)  # elsewhere on the page: parsed again
    assert parses == ["Xin chào", "Xin chào"]


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
