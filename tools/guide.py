"""The facts every tool shares, read once from [tool.guide] in pyproject.toml, and the one
sphinx-build command line that nox, Read the Docs, the tests and the benchmarks all run."""

from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
GUIDE = PYPROJECT["tool"]["guide"]
LANGUAGES = list(GUIDE["languages"])  # the source language first
SOURCE_LANGUAGE = LANGUAGES[0]
BUILD = ROOT / "_build"
LOCALE = ROOT / "locale"
REPOSITORY, BRANCH = GUIDE["repository"].rstrip("/"), GUIDE["branch"]
ISSUES = f"{REPOSITORY}/issues"  # the team's address


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
