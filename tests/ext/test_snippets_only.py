"""ext/snippets_only.py: a code block not read from snippets/ fails the build, naming its line.
(tests/site/test_guards.py proves it on a copy of the project.)"""

CONF = """\
from pathlib import Path

extensions = ['myst_parser', 'ext.snippets_only']
snippets_dir = str(Path(__file__).parent / 'snippets')
"""


def test_only_included_snippets_are_code_blocks(project):
    files = {"index.md": "# T\n\n```{literalinclude} snippets/a.py\n```\n\n```python\nx = 1\n```\n",
             "snippets/a.py": "y = 2\n"}
    app, warnings, pages = project(CONF, files)()
    assert "index.md:6: WARNING: code block is not included from snippets/" in warnings
    assert warnings.count("WARNING") == 1
