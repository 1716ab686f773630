"""The facts every tool shares, read once from [tool.guide] in pyproject.toml, and the one
sphinx-build command line that nox, Read the Docs, the tests and the benchmarks all run.

The one reader of [tool.guide]: conf.py, the noxfile, tools/, benchmarks/ and the tests import
GUIDE and the rest from here. It runs on every Python the snippets are tested on (3.9 too).
"""

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # the snippets' oldest cells (tomli is in their lock)
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
GUIDE = PYPROJECT["tool"]["guide"]
LANGUAGES = list(GUIDE["languages"])  # the source language first
SOURCE_LANGUAGE = LANGUAGES[0]
TRANSLATIONS = LANGUAGES[1:]  # the languages translated from it, each with its catalogs
BUILD = ROOT / "_build"
LOCALE = ROOT / "locale"
REPOSITORY, BRANCH = GUIDE["repository"].rstrip("/"), GUIDE["branch"]
ISSUES = f"{REPOSITORY}/issues"  # the team's address

# The project's identity (conf.py's project, copyright and translators), which the catalogs'
# headers repeat (tools/catalogs.py)
PROJECT = "Flask: Working outside of application context"
AUTHOR = "The flask-app-context-guide authors"
COPYRIGHT = f"2026, {AUTHOR}"
TRANSLATORS = "flask-app-context-guide translators"
# The pages' MyST syntax: conf.py builds with it, tools/catalogs.py reads messages with it
MYST_EXTENSIONS = ["colon_fence", "deflist", "fieldlist", "substitution"]
MYST_HEADING_ANCHORS = 3


def repository_url(path, action="blob"):
    """A file of the repository on its branch: `blob` shows it, `edit` opens GitHub's editor."""
    return f"{REPOSITORY}/{action}/{BRANCH}/{path}"


def sphinx_args(language, out, doctrees, *, root=ROOT, builder="html"):
    """The arguments of `python -m sphinx` that build `language` of the project at `root` into
    `out`, its pickled doctrees kept apart in `doctrees` (never published with the pages)."""
    return [
        *GUIDE["sphinx_options"],
        "-q",
        "-b", builder,
        "-c", str(root),
        "-D", f"language={language}",
        "-d", str(doctrees),
        str(root / "docs"),
        str(out),
    ]


def base_url_template(environ):
    """The address of every language's home, with `{language}` where the language goes.

    GUIDE_BASE_URL if set; on Read the Docs, the canonical URL of this build with its language
    replaced (it serves /<language>/<version>/); else [tool.guide] base_url.
    """
    if "GUIDE_BASE_URL" in environ:
        return environ["GUIDE_BASE_URL"]
    canonical, language = environ.get("READTHEDOCS_CANONICAL_URL"), environ.get("READTHEDOCS_LANGUAGE")
    if canonical and language and f"/{language}/" in canonical:
        return canonical.replace(f"/{language}/", "/{language}/", 1)
    return GUIDE["base_url"]
