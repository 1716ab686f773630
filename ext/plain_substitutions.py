"""Substitutions are names, never expressions: ``{{ flask_lines }}`` and nothing else.

MyST renders a ``{{ ... }}`` that is not exactly one of ``myst_substitutions`` as a Jinja2
expression, in an environment that is not sandboxed, so one translated paragraph could run any
Python on every machine that builds it. Here a substitution must be one of the configured
names, looked up as it is; anything else is a warning naming the page and line, and renders
nothing. No Jinja2 runs at all, for the source language as for translations.
"""

from myst_parser.mdit_to_docutils.base import DocutilsRenderer, token_line
from myst_parser.warnings_ import MystWarnings
from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

_render_substitution = DocutilsRenderer.render_substitution


def render_substitution(self, token, inline):
    name = token.content.strip()
    if name not in self.md_config.substitutions:
        known = ", ".join(sorted(self.md_config.substitutions)) or "none"
        self.create_warning(
            f"substitution {{{{{token.content}}}}} is not one of the configured names ({known})",
            MystWarnings.SUBSTITUTION,
            line=token_line(token, 0),
            append_to=self.current_node,
        )
        return None
    return _render_substitution(self, token, inline)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("myst_parser")
    DocutilsRenderer.render_substitution = render_substitution  # type: ignore[method-assign]  # the job
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
