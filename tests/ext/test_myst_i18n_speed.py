"""ext/myst_i18n_speed.py: a faster translated build gives the same documents."""

from docutils.frontend import get_default_settings

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
