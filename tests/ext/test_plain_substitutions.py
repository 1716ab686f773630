"""ext/plain_substitutions.py: a substitution is one of the configured names; anything else
warns and renders nothing, and no Jinja2 expression runs."""

CONF = """\
extensions = ['myst_parser', 'ext.plain_substitutions']
myst_enable_extensions = ['substitution']
myst_substitutions = {'name': 'Flask'}
"""


def test_names_render_and_expressions_do_not_run(project, tmp_path):
    canary = tmp_path / "CANARY"
    page = f"# T\n\nOn {{{{ name }}}}.\n\nOn {{{{ cycler.__init__.__globals__.os.system('touch {canary}') }}}}.\n"
    app, warnings, pages = project(CONF, {"index.md": page})()
    assert "On Flask." in pages["index.html"]
    assert "index.md:5: WARNING: substitution" in warnings and "is not one of the configured names (name)" in warnings
    assert not canary.exists()
